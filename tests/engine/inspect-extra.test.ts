import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { inspectKey } from "../../engine/inspect";
import { LocalEngine } from "../../engine/host/local";

function setup() {
  const server = createServer();
  const c = server.connect();
  const run = (...argv: string[]) => c.execute(argv);
  return { server, run, c };
}

describe("inspection extras", () => {
  it("shows a list's quicklist nodes with their counts and sizes", () => {
    const { server, run } = setup();
    run("CONFIG", "SET", "list-max-listpack-size", "4");
    run("RPUSH", "l", ...Array.from({ length: 10 }, (_, i) => `v${i}`));
    const d = inspectKey(server, 0, "l")!;
    expect(d.extra?.kind).toBe("quicklist");
    if (d.extra?.kind !== "quicklist") return;
    expect(d.extra.nodes.map((n) => n.count)).toEqual([4, 4, 2]);
    expect(d.extra.nodeCount).toBe(3);
    expect(d.extra.nodes.every((n) => n.bytes > 0)).toBe(true);
  });

  it("shows a stream's groups, consumers and pending entries", () => {
    const { server, run } = setup();
    run("XADD", "s", "1-1", "a", "1");
    run("XADD", "s", "2-1", "b", "2");
    run("XGROUP", "CREATE", "s", "g", "0");
    run("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">");
    server.advance(500);
    const d = inspectKey(server, 0, "s")!;
    if (d.extra?.kind !== "stream") throw new Error("no stream extra");
    expect(d.extra.lastId).toBe("2-1");
    const g = d.extra.groups[0];
    expect(g).toMatchObject({ name: "g", lastDeliveredId: "1-1", entriesRead: 1, pendingCount: 1 });
    expect(g.consumers).toEqual([{ name: "alice", pending: 1, idleMs: 500 }]);
    expect(g.pending).toEqual([{ id: "1-1", consumer: "alice", idleMs: 500, deliveries: 1 }]);
  });

  it("estimates a HyperLogLog without caching the count in its header", () => {
    const { server, run } = setup();
    run("PFADD", "h", "a", "b", "c");
    const before = server.dbs[0].dict.get("h")!.value as string;
    const d = inspectKey(server, 0, "h")!;
    expect(d.extra).toMatchObject({ kind: "hll", representation: "sparse", estimate: "3", cached: false });
    // The bytes are untouched: the cached cardinality is still marked stale.
    expect(String((server.dbs[0].dict.get("h")! as { value: string }).value)).toBe(before);
    run("PFCOUNT", "h");
    expect(inspectKey(server, 0, "h")!.extra).toMatchObject({ cached: true, estimate: "3" });
    run("CONFIG", "SET", "hll-sparse-max-bytes", "0");
    run("PFADD", "h", "d");
    expect(inspectKey(server, 0, "h")!.extra).toMatchObject({ representation: "dense", estimate: "4" });
  });

  it("decodes geo members and leaves other sorted sets alone", () => {
    const { server, run } = setup();
    run("GEOADD", "g", "13.361389", "38.115556", "Palermo");
    const d = inspectKey(server, 0, "g")!;
    if (d.extra?.kind !== "geo") throw new Error("no geo extra");
    const [m, lon, lat] = d.extra.points[0];
    expect(m).toBe("Palermo");
    expect(lon).toBeCloseTo(13.361389, 5);
    expect(lat).toBeCloseTo(38.115556, 5);
    run("ZADD", "z", "1.5", "x");
    expect(inspectKey(server, 0, "z")!.extra).toBeUndefined();
    run("SET", "plain", "hello");
    expect(inspectKey(server, 0, "plain")!.extra).toBeUndefined();
  });

  it("reads the server log through the engine API", async () => {
    const engine = new LocalEngine();
    const c = await engine.open("t");
    await engine.exec(c.id, ["DEBUG", "LOG", "hello log"]);
    const log = await engine.readLog();
    expect(log.at(-1)).toMatchObject({ level: "warning", line: "DEBUG LOG: hello log" });
    engine.dispose();
  });
});
