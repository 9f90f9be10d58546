/**
 * DEBUG SLEEP over TCP: as in real Redis, one connection's sleep holds every other
 * connection — their commands wait and then run — and the sleeper's own reply, and the
 * commands it pipelined behind the sleep, come once the sleep is over.
 *
 * The checks are lower bounds on wall time (a reply cannot come before the sleep ends), which
 * a slow machine can only make longer, never break.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type net from "node:net";
import { startServer, type RunningTcpServer } from "../../engine/node/tcp";
import { connectRaw } from "./support";

let srv: RunningTcpServer;
beforeAll(async () => {
  srv = await startServer({ port: 0, config: { "enable-debug-command": "yes", "latency-monitor-threshold": "100" } });
});
afterAll(async () => srv?.close());

/** Resolves with the wall time at which `want` bytes have arrived on the socket. */
function replyAt(s: net.Socket, want: string): Promise<number> {
  return new Promise((resolve) => {
    let got = "";
    const on = (d: Buffer) => {
      got += d.toString("latin1");
      if (got.length >= want.length) {
        s.off("data", on);
        expect(got).toBe(want);
        resolve(performance.now());
      }
    };
    s.on("data", on);
  });
}

describe("DEBUG SLEEP over TCP", () => {
  it("holds other connections until the sleep ends, then runs their commands", async () => {
    const a = await connectRaw(srv.port);
    const b = await connectRaw(srv.port);
    try {
      const start = performance.now();
      const aReply = replyAt(a, "+OK\r\n:1\r\n");
      // The sleep, and a command pipelined behind it on the same connection.
      a.write("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n0.3\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
      await new Promise((r) => setTimeout(r, 50));
      const bSent = performance.now();
      const bReply = replyAt(b, "$1\r\n1\r\n");
      b.write("*2\r\n$3\r\nGET\r\n$1\r\nn\r\n");
      const [aAt, bAt] = await Promise.all([aReply, bReply]);
      expect(aAt - start).toBeGreaterThanOrEqual(290);
      // B's GET waited for the sleep and ran after A's pipelined INCR.
      expect(bAt - bSent).toBeGreaterThanOrEqual(200);
      // The sleep shows as a latency spike and in commandstats with its full length.
      const spike = srv.server.latency.monitor.events.get("command");
      expect(spike?.max).toBeGreaterThanOrEqual(300);
      expect(srv.server.stats.commands.get("debug")!.usec).toBeGreaterThanOrEqual(300_000);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
