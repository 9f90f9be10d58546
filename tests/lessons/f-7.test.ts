/** F-7 replayed against the lesson contract (until the shared lesson suite supersedes it). */
import { afterAll, describe, expect, it } from "vitest";
import { escapeBytes, unescapeTyped } from "@/components/console/resp-text";
import { newRawParser, runRaw } from "@/components/console/run-raw";
import { encodeCommand } from "@/components/console/run-line";
import { LocalEngine } from "@/engine/host/local";
import { encodeReply } from "@/engine/resp/encode";
import { module } from "@/lessons/f-7";
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
});
