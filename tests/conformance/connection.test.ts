/**
 * Connection commands against a real redis-server 7.0.15: PING, ECHO, SELECT, QUIT, RESET,
 * HELLO, AUTH (with and without requirepass) and CLIENT, compared as RESP bytes. Connection
 * ids, addresses, ages and memory figures are masked by the exemptions named per case.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  // Let the real server finish closing the sessions reset() dropped before CLIENT LIST runs.
  await new Promise((r) => setTimeout(r, 30));
});

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const bin = "\x00\r\n\xff\x80";
const utf8 = Buffer.from("héllo 日本 😀", "utf8").toString("latin1");
const hello = (cmd: string[], client?: string): Case => ({ cmd, norm: exemptions.hello, client });
const info = (cmd: string[], client?: string): Case => ({ cmd, norm: exemptions.clientInfo, client });

describe("PING and ECHO", () => {
  it("answer with exact bytes, binary safe, and check their arity", async () => {
    await check([
      ["PING"], ["ping", ""], ["PING", bin], ["PING", utf8], ["PING", "a", "b"],
      ["ECHO", ""], ["ECHO", bin], ["ECHO", utf8], ["ECHO", "x".repeat(1000)], ["ECHO"], ["ECHO", "a", "b"],
      hello(["HELLO", "3"]), ["PING"], ["PING", "x"], ["ECHO", bin],
    ]);
  });
});

describe("SELECT", () => {
  it("switches databases and refuses bad indexes with Redis' texts", async () => {
    const idx = ["0", "15", "16", "-1", "1.5", "abc", "", "+1", "01", " 1", "0x1", "2147483647", "2147483648",
      "-2147483648", "-2147483649", "9223372036854775807", "99999999999999999999", "1e1"];
    await check([
      ["SET", "k", "db0"],
      ...idx.map((i) => ["SELECT", i]),
      ["SELECT", "3"], ["GET", "k"], ["SET", "k", "db3"], ["DBSIZE"],
      ["SELECT", "0"], ["GET", "k"],
      ["SELECT"], ["SELECT", "1", "2"],
    ]);
  });

  it("is per connection", async () => {
    await check([
      { cmd: ["SELECT", "5"], client: "a" },
      { cmd: ["SET", "k", "five"], client: "a" },
      { cmd: ["GET", "k"], client: "b" },
      { cmd: ["SELECT", "5"], client: "b" },
      { cmd: ["GET", "k"], client: "b" },
    ]);
  });
});

describe("HELLO", () => {
  it("switches protocol and answers its map in both", async () => {
    await check([
      hello(["HELLO"]), hello(["HELLO", "3"]), ["GET", "nokey"], hello(["HELLO"]), hello(["hello", "2"]),
      ["GET", "nokey"],
    ]);
  });

  it("refuses bad versions and options in Redis' order", async () => {
    const cases = [
      ["4"], ["1"], ["0"], ["-1"], ["abc"], ["3.0"], ["99999999999999999999"], [""], ["2", "foo"], ["2", "AUTH"],
      ["2", "AUTH", "a"], ["2", "SETNAME"], ["2", "SETNAME", "a b"], ["2", "SETNAME", "a b", "foo"], ["2", "foo", "SETNAME", "a b"],
      ["2", "AUTH", "default", "x", "SETNAME"], ["2", "AUTH", "nobody", "x"], ["2", "AUTH", "default", "x"],
      ["3", "AUTH", "default", "", "SETNAME", "n1"], ["2", "SETNAME", "n2", "AUTH", "default", "x"],
      ["2", "setname", ""], ["2", "SETNAME", "a", "SETNAME", "b"], ["4", "SETNAME", "a b"], ["abc", "foo"],
      ["2", "SETNAME", "é"], ["2", "SETNAME", bin], ["2", "SETNAME", "n", "BOGUS"], ["3", "SETNAME", "m", "AUTH", "nobody", "x"],
      ["2", "AUTH", "default", "x", "BOGUS"], ["2", "SETNAME", "z", "SETNAME", "a b"],
    ];
    await check(cases.flatMap((a) => [hello(["HELLO", ...a]), ["CLIENT", "GETNAME"]]));
  });
});

describe("AUTH", () => {
  it("answers as a server without requirepass", async () => {
    await check([
      ["AUTH"], ["AUTH", "x"], ["AUTH", ""], ["AUTH", "default", "x"], ["AUTH", "default", ""], ["AUTH", "DEFAULT", "x"],
      ["AUTH", "other", "x"], ["AUTH", "a", "b", "c"], ["PING"],
    ]);
  });

  it("works against requirepass, and NOAUTH holds back everything else", async () => {
    const admin = "admin";
    try {
      await check([
        { cmd: ["CONFIG", "SET", "requirepass", "s3cret"], client: admin },
        { cmd: ["PING"], client: admin },
        ...[
          ["PING"], ["GET", "k"], ["nosuch"], ["GET"], ["CLIENT", "foo"], ["CLIENT", "ID"], ["ECHO", "x"], ["SELECT", "1"],
        ].map((cmd) => ({ cmd, client: "guest" })),
        hello(["HELLO"], "guest"), hello(["HELLO", "3"], "guest"), hello(["HELLO", "3", "SETNAME", "x"], "guest"),
        { cmd: ["AUTH", "s3cret"], client: "guest2" }, { cmd: ["CLIENT", "GETNAME"], client: "guest2" },
        hello(["HELLO", "3", "foo"], "guest"), hello(["HELLO", "4"], "guest"),
        ...[["AUTH", "wrong"], ["AUTH", "default", "wrong"], ["AUTH", "other", "s3cret"], ["PING"], ["AUTH", "s3cret"], ["PING"],
          ["RESET"], ["PING"], ["AUTH", "default", "s3cret"], ["CLIENT", "GETNAME"], ["RESET"]].map((cmd) => ({ cmd, client: "guest" })),
        hello(["HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "g"], "guest"),
        { cmd: ["CLIENT", "GETNAME"], client: "guest" },
        { cmd: ["AUTH", "x"], client: "guest" },
        { cmd: ["PING"], client: "guest" },
        { cmd: ["PING"], client: "late" },
        { cmd: ["CONFIG", "SET", "requirepass", ""], client: admin },
        { cmd: ["PING"], client: "late" },
        { cmd: ["AUTH", "x"], client: "late" },
      ]);
    } finally {
      await d.both(["CONFIG", "SET", "requirepass", ""], admin);
    }
  });
});

describe("QUIT and RESET", () => {
  it("QUIT replies OK and closes the connection", async () => {
    await check([{ cmd: ["QUIT", "extra", "args"], client: "q" }]);
    const s = await d.session("q");
    expect(s.engine.closeAfterReply).toBe(true);
    expect(await s.real.waitClosed()).toBe(true);
  });

  it("RESET brings back database 0, RESP2, no name", async () => {
    await check([
      ["SELECT", "4"], ["SET", "k", "four"], ["CLIENT", "SETNAME", "someone"], ["CLIENT", "NO-EVICT", "on"],
      hello(["HELLO", "3"]), ["RESET", "x"], ["RESET"], ["GET", "k"], ["CLIENT", "GETNAME"], info(["CLIENT", "INFO"]),
      ["reset"], ["PING"],
    ]);
  });
});

describe("CLIENT", () => {
  it("SETNAME validates names; GETNAME and ID answer", async () => {
    const names = ["ok", "", "a b", "a\nb", "é", "~!@#$%^&*()_+{}|:<>?", bin, "x".repeat(300), "\x7f", "a\tb"];
    await check([
      ["CLIENT", "GETNAME"],
      ...names.flatMap((n) => [["CLIENT", "SETNAME", n], ["CLIENT", "GETNAME"]]),
      ["CLIENT", "SETNAME"], ["CLIENT", "SETNAME", "a", "b"], ["CLIENT", "GETNAME", "x"], ["CLIENT", "ID", "x"],
      { cmd: ["CLIENT", "ID"], norm: exemptions.anyInt },
      ["CLIENT"], ["CLIENT", "foo"], ["client", "HELP"], ["CLIENT", "help", "x"], ["CLIENT", "INFO", "x"],
    ]);
  });

  it("LIST and INFO print every field in Redis' order", async () => {
    await check([
      info(["CLIENT", "INFO"]),
      { cmd: ["CLIENT", "SETNAME", "bee"], client: "b" },
      { cmd: ["SELECT", "3"], client: "b" },
      { cmd: ["nosuchcommand"], client: "b" },
      info(["CLIENT", "LIST"]),
      { cmd: ["GET"], client: "b" },
      info(["CLIENT", "LIST"]),
      { cmd: ["CONFIG", "SET", "hz"], client: "b" },
      info(["CLIENT", "LIST", "TYPE", "normal"]),
      { cmd: ["CLIENT"], client: "b" },
      info(["CLIENT", "LIST", "TYPE", "NORMAL"]),
      hello(["HELLO", "3"], "b"),
      { cmd: ["CLIENT", "NO-EVICT", "on"], client: "b" },
      info(["CLIENT", "LIST"]),
      info(["CLIENT", "INFO"], "b"),
      info(["CLIENT", "LIST"], "b"),
      ...[["master"], ["replica"], ["slave"], ["pubsub"], ["foo"], []].map((t) => info(["CLIENT", "LIST", "TYPE", ...t])),
      ...[["x"], ["0"], ["-1"], ["1", "2", "3"], ["99999"], ["1", "x"], []].map((ids) => info(["CLIENT", "LIST", "ID", ...ids])),
      ["CLIENT", "LIST", "foo"], ["CLIENT", "LIST", "TYPE", "normal", "ID", "1"], ["CLIENT", "LIST", "ID", "1", "TYPE", "normal"],
    ]);
  });

  it("NO-EVICT takes ON or OFF", async () => {
    await check([
      ["CLIENT", "NO-EVICT", "on"], info(["CLIENT", "INFO"]), ["CLIENT", "NO-EVICT", "OFF"], ["CLIENT", "NO-EVICT", "maybe"],
      ["CLIENT", "NO-EVICT"], info(["CLIENT", "INFO"]),
    ]);
  });

  it("KILL parses its filters and closes what they match", async () => {
    await check([
      { cmd: ["PING"], client: "victim" },
      ["CLIENT", "KILL", "1.2.3.4:5"], ["CLIENT", "KILL", "ID", "99999"], ["CLIENT", "KILL", "ID", "x"], ["CLIENT", "KILL", "ID", "0"],
      ["CLIENT", "KILL", "ID", "-5"], ["CLIENT", "KILL", "TYPE", "foo"], ["CLIENT", "KILL", "foo", "bar"],
      ["CLIENT", "KILL", "SKIPME", "maybe"], ["CLIENT", "KILL", "USER", "nouser"], ["CLIENT", "KILL", "ADDR", "1.2.3.4:5"],
      ["CLIENT", "KILL", "LADDR", "1.2.3.4:5"], ["CLIENT", "KILL", "TYPE", "master"], ["CLIENT", "KILL", "TYPE", "normal", "ID"],
      ["CLIENT", "KILL", "TYPE", "foo", "x"], ["CLIENT", "KILL", "ID", "1", "TYPE"], ["CLIENT", "KILL"],
      ["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"],
    ]);
    const victim = await d.session("victim");
    expect(victim.engine.closed).toBe(true);
    expect(await victim.real.waitClosed()).toBe(true);
    await check([["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no"]]);
    const main = await d.session("main");
    expect(main.engine.closeAfterReply).toBe(true);
    expect(await main.real.waitClosed()).toBe(true);
  });
});

describe("random connection command sequences", () => {
  for (const seed of seeds(4)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const clients = ["c1", "c2", "c3"];
      const cases: Case[] = [];
      for (let i = 0; i < 250; i++) {
        const client = g.pick(clients);
        const name = () => g.pick(["a", "b-1", "", "x y", "é", "n\x00", "name"]);
        const pick = g.int(0, 13);
        let cmd: string[];
        let norm = undefined;
        if (pick === 0) cmd = g.chance(0.5) ? ["PING"] : ["PING", g.value()];
        else if (pick === 1) cmd = ["ECHO", g.value()];
        else if (pick === 2) cmd = ["SELECT", g.chance(0.8) ? String(g.int(-1, 17)) : g.num()];
        else if (pick === 3) cmd = ["SET", g.key(4), g.value()];
        else if (pick === 4) cmd = ["GET", g.key(4)];
        else if (pick === 5) cmd = ["DBSIZE"];
        else if (pick === 6) cmd = ["CLIENT", "SETNAME", name()];
        else if (pick === 7) cmd = ["CLIENT", "GETNAME"];
        else if (pick === 8) {
          cmd = ["HELLO"];
          if (g.chance(0.8)) cmd.push(g.pick(["2", "3", "2", "3", "4", "x"]));
          if (g.chance(0.3)) cmd.push("SETNAME", name());
          if (g.chance(0.2)) cmd.push("AUTH", g.pick(["default", "nobody"]), "pw");
          if (g.chance(0.1)) cmd.push("BOGUS");
          norm = exemptions.hello;
        } else if (pick === 9) cmd = g.chance(0.5) ? ["RESET"] : ["AUTH", ...(g.chance(0.5) ? ["x"] : [g.pick(["default", "u"]), "p"])];
        else if (pick === 10) {
          cmd = ["CLIENT", "INFO"];
          norm = exemptions.clientInfo;
        } else if (pick === 11) {
          cmd = ["CLIENT", "LIST"];
          norm = exemptions.clientInfo;
        } else if (pick === 12) cmd = ["CLIENT", "NO-EVICT", g.pick(["on", "off", "bad"])];
        else {
          cmd = g.pick([["CLIENT", "ID", "x"], ["PING", "a", "b"], ["ECHO"], ["CLIENT", "LIST", "TYPE", g.pick(["normal", "pubsub", "x"])]]);
          norm = exemptions.clientInfo;
        }
        cases.push({ cmd, client, norm });
      }
      // Every client exists on both sides before the first CLIENT LIST.
      for (const c of clients) await d.both(["PING"], c);
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms)}`).toEqual([]);
    });
  }
});
