/** F-7 replayed against the lesson contract (until the shared lesson suite supersedes it). */
import { afterAll, describe, expect, it } from "vitest";
import { escapeBytes, unescapeTyped } from "@/components/console/resp-text";
import { newRawParser, runRaw } from "@/components/console/run-raw";
import { encodeCommand } from "@/components/console/run-line";
import { MAX_RTT_MS } from "@/components/state/playground-store";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { LocalEngine } from "@/engine/host/local";
import { encodeReply } from "@/engine/resp/encode";
import { module } from "@/lessons/f-7";
import { LessonSession } from "@/lessons/runtime/session";
import { unescapeStored } from "@/lessons/f-7/exercises";
import { PROTO_MAX_BULK_MB, WIRE, type WireSample } from "@/lessons/f-7/wire";
import { Playground, describeModule } from "./f-1-harness";

const engines: LocalEngine[] = [];
afterAll(() => engines.forEach((e) => e.dispose()));

/** What the wire carries for a sample, escaped as the wire view prints it. */
async function wireOf(sample: WireSample): Promise<string> {
  const e = new LocalEngine({ seed: 1 });
  engines.push(e);
  if (sample.raw !== undefined) {
    const out = await runRaw(e, { clientId: null, db: 0, resp: 2 }, newRawParser(), `${unescapeTyped(sample.raw)}\r\n`);
    return out.output.filter((o) => o.wire?.received !== undefined).map((o) => escapeBytes(o.wire!.received!)).join("");
  }
  const id = (await e.open("wire")).id;
  for (const argv of sample.before) await e.exec(id, argv);
  if (sample.sent) return escapeBytes(encodeCommand(sample.argv));
  const r = await e.exec(id, sample.argv);
  expect(r.resp).toBe(sample.resp);
  return escapeBytes(encodeReply(r.reply, r.resp));
}

describe("F-7 Pipelining and RESP", () => {
  describeModule(module);

  it.each(Object.entries(WIRE))("prints the wire bytes of %s as the engine sends them", async (_id, sample) => {
    expect(await wireOf(sample)).toBe(sample.bytes);
    const prose = module.sections.map((s) => s.body).join("\n");
    expect(prose).toContain(sample.bytes);
  });

  it("closes the connection after a malformed frame, as the prose says", async () => {
    const e = new LocalEngine({ seed: 1 });
    engines.push(e);
    const out = await runRaw(e, { clientId: null, db: 0, resp: 2 }, newRawParser(), unescapeTyped(`${WIRE.protoDollar.raw}\\r\\n`));
    expect(out.closed).toBe(true);
  });

  it("stores a short bulk length's bytes and runs the rest as a new command, as the raw exercise's message says", async () => {
    const e = new LocalEngine({ seed: 1 });
    engines.push(e);
    const typed = "*3\\r\\n$3\\r\\nSET\\r\\n$4\\r\\nmemo\\r\\n$16\\r\\nbuy milk\\r\\ncall Ada\\r\\n";
    const out = await runRaw(e, { clientId: null, db: 0, resp: 2 }, newRawParser(), unescapeTyped(typed));
    expect(out.output.map((o) => o.text)).toEqual(["+OK\\r\\n"]);
    expect((await e.inspectKey(0, "memo"))?.value).toEqual({ type: "string", value: "buy milk\r\ncall A" });
    // The right length stores the whole note.
    const ok = await runRaw(e, { clientId: null, db: 0, resp: 2 }, newRawParser(), unescapeTyped(typed.replace("$16", "$18")));
    expect(ok.output.map((o) => o.text)).toEqual(["+OK\\r\\n"]);
    expect((await e.inspectKey(0, "memo"))?.value).toEqual({ type: "string", value: "buy milk\r\ncall Ada" });
  });

  it("waits silently for the rest of a frame typed over several lines, as the prose says", async () => {
    const e = new LocalEngine({ seed: 1 });
    engines.push(e);
    const parser = newRawParser();
    let conn = { clientId: null as number | null, db: 0, resp: 2 as const };
    const texts: string[][] = [];
    for (const line of ["*1", "$4", "PING"]) {
      const out = await runRaw(e, conn, parser, `${line}\r\n`);
      conn = { clientId: out.connection.clientId, db: 0, resp: 2 };
      texts.push(out.output.map((o) => o.text));
    }
    expect(texts).toEqual([[], [], ["+PONG\\r\\n"]]);
    // Part of a bulk string held back is what the console reports as buffered.
    const partial = await runRaw(e, { clientId: null, db: 0, resp: 2 }, newRawParser(), "*1\r\n$4\r\nPI\r\n");
    expect(partial.output.map((o) => o.text)).toEqual(["(4 bytes buffered: the frame is not complete yet)"]);
  });

  it("states proto-max-bulk-len as CONFIG GET reports it", async () => {
    const p = new Playground();
    try {
      expect(await p.run([{ run: "CONFIG GET proto-max-bulk-len" }])).toEqual([`1) "proto-max-bulk-len"\n2) "${PROTO_MAX_BULK_MB * 1024 * 1024}"`]);
      expect(module.sections.map((s) => s.body).join("\n")).toContain(`${PROTO_MAX_BULK_MB} MB`);
    } finally {
      p.dispose();
    }
  });

  it("reads escapes a learner stored literally as the bytes they stand for", () => {
    expect(unescapeStored("$2\\r\\nhi\\x21")).toBe("$2\r\nhi!");
    expect(unescapeStored("plain")).toBe("plain");
  });

  it("states the port, RESP3's version, the slider's range and the loop's cost as the engine, the command table and the console have them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const phrase of ["connected to port 6379", `from 0 to ${MAX_RTT_MS} ms`, "Redis 6 introduced **RESP3**", "the loop pays 50 round trips", "at a 20 ms round trip the loop spends\nabout a second"])
      expect(prose).toContain(phrase);
    // HELLO (and with it RESP3) arrived in 6.0.0; 50 GETs × 20 ms is a second of waiting.
    expect(COMMAND_META.hello.since).toBe("6.0.0");
    expect(50 * 20).toBe(1000);
    const engine = new LocalEngine({ seed: 1, initial: { profile: "redis" } });
    try {
      const [port] = await new LessonSession(engine).steps([{ run: "CONFIG GET port" }]);
      expect(port.text).toBe('1) "port"\n2) "6379"');
    } finally {
      engine.dispose();
    }
  });
});
