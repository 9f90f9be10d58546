import { describe, expect, it } from "vitest";
import { ProtocolError, RequestParser, string2ll, type ParserOptions } from "../../engine/resp/parser";
import type { Reply } from "../../engine/reply";

const cmd = (...argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;

type Out = string[] | { error: string };

/** Feeds the chunks one by one, draining commands after each, as a connection would. */
function parse(chunks: readonly (string | Uint8Array)[], options?: ParserOptions): Out[] {
  const p = new RequestParser(options);
  const out: Out[] = [];
  for (const chunk of chunks) {
    p.push(chunk);
    for (;;) {
      const r = p.next();
      if (r === null) {
        if (p.error) {
          out.push({ error: (p.error.reply as Extract<Reply, { t: "error" }>).v });
          return out;
        }
        break;
      }
      out.push(r);
    }
  }
  return out;
}

const err = (text: string) => ({ error: `ERR Protocol error: ${text}` });

describe("multibulk requests", () => {
  it("parses one command, and many pipelined in one chunk", () => {
    expect(parse([cmd("SET", "k", "v")])).toEqual([["SET", "k", "v"]]);
    expect(parse([cmd("PING") + cmd("GET", "k") + cmd("ECHO", "")])).toEqual([["PING"], ["GET", "k"], ["ECHO", ""]]);
  });

  it("keeps bulk payloads binary: CR, LF, NUL and high bytes inside are data", () => {
    const v = "a\r\nb\x00c\r\xff\x80*$\n";
    expect(parse([cmd("SET", v, v)])).toEqual([["SET", v, v]]);
  });

  it("gives the same commands whichever way the stream is cut", () => {
    const stream = cmd("SET", "key:1", "x\r\ny") + "PING\r\n" + cmd("MGET", "a", "", "c") + "*0\r\n" + 'ECHO "q \\x41"\n' + cmd("GET", "\x00");
    const want = [["SET", "key:1", "x\r\ny"], ["PING"], ["MGET", "a", "", "c"], ["ECHO", "q A"], ["GET", "\x00"]];
    // Byte by byte.
    expect(parse(stream.split(""))).toEqual(want);
    // Every two-piece split.
    for (let i = 1; i < stream.length; i++) expect(parse([stream.slice(0, i), stream.slice(i)])).toEqual(want);
    // Irregular pieces.
    const pieces: string[] = [];
    for (let i = 0, n = 1; i < stream.length; i += n, n = (n * 7) % 11 + 1) pieces.push(stream.slice(i, i + n));
    expect(parse(pieces)).toEqual(want);
  });

  it("accepts raw bytes as well as byte strings", () => {
    const bytes = Uint8Array.from(Buffer.from(cmd("SET", "k", "\xe9\x00"), "latin1"));
    expect(parse([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual([["SET", "k", "\xe9\x00"]]);
  });

  it("skips counts of zero or less (*0, *-1, *-5) without replying", () => {
    expect(parse(["*0\r\n*-1\r\n*-5\r\n" + cmd("PING")])).toEqual([["PING"]]);
  });

  it("skips the two bytes after a payload and after a header's CR without checking them", () => {
    expect(parse(["*1\r\n$4\r\nPINGxx" + cmd("PING")])).toEqual([["PING"], ["PING"]]);
    expect(parse(["*1\rX$4\rYPING\r\n"])).toEqual([["PING"]]);
  });

  it("waits when a NUL byte hides a header's CR (strchr stops there)", () => {
    expect(parse(["*1\x00\r\n$4\r\nPING\r\n"])).toEqual([]);
    expect(parse(["*1\r\n$4\x00\r\nPING\r\n"])).toEqual([]);
    expect(parse(["*1\r\n\x00\r\n"])).toEqual([]);
  });

  it("reads a big announced bulk from many chunks without holding more than what came", () => {
    const value = "v".repeat(200_000);
    const stream = cmd("SET", "k", value) + cmd("GET", "k");
    const p = new RequestParser();
    const got: string[][] = [];
    for (let i = 0; i < stream.length; i += 7000) {
      p.push(Uint8Array.from(Buffer.from(stream.slice(i, i + 7000), "latin1")));
      for (let r = p.next(); r !== null; r = p.next()) got.push(r);
      if (got.length === 0) expect(p.buffered).toBeLessThanOrEqual(i + 7000);
    }
    expect(got).toEqual([["SET", "k", value], ["GET", "k"]]);
    expect(p.buffered).toBe(0);
  });

  it("does not allocate for a 512 MB bulk that is announced and never sent", () => {
    const p = new RequestParser();
    p.push("*2\r\n$3\r\nSET\r\n$536870912\r\n");
    expect(p.next()).toBeNull();
    p.push("only a little");
    expect(p.next()).toBeNull();
    expect(p.buffered).toBe(3 + "only a little".length);
  });
});

describe("inline requests", () => {
  it("splits lines as sdssplitargs does, with CRLF or LF endings", () => {
    expect(parse(['set k "a b\\r\\n\\x41\\"" \'it\\\'s\'\r\nget k\n'])).toEqual([
      ["set", "k", 'a b\r\nA"', "it's"],
      ["get", "k"],
    ]);
  });

  it("ignores empty and blank lines but keeps empty quoted arguments", () => {
    expect(parse(["\r\n\n   \r\nPING\r\n"])).toEqual([["PING"]]);
    expect(parse(['set a ""\r\n'])).toEqual([["set", "a", ""]]);
  });

  it("treats a line not starting with '*' as inline, even '$3'", () => {
    expect(parse(["$3\r\n"])).toEqual([["$3"]]);
  });

  it("waits when a NUL byte comes before the newline", () => {
    expect(parse(["PING\x00\r\nPING\r\n"])).toEqual([]);
  });

  it("answers unbalanced quotes with a protocol error", () => {
    expect(parse(['set a "b\r\n'])).toEqual([err("unbalanced quotes in request")]);
    expect(parse(["PING\r\nset 'a\r\n"])).toEqual([["PING"], err("unbalanced quotes in request")]);
    expect(parse(['set "a"b\r\n'])).toEqual([err("unbalanced quotes in request")]);
  });

  it("accepts a 70 KB line read in one go, as Redis' 16 KB reads see its end in time", () => {
    const long = "ECHO " + "b".repeat(70_000) + "\r\n";
    expect(parse([long])).toEqual([["ECHO", "b".repeat(70_000)]]);
  });

  it("refuses a line still without its newline past 64 KB", () => {
    expect(parse(["a".repeat(70_000)])).toEqual([err("too big inline request")]);
    expect(parse(["ECHO " + "b".repeat(100_000) + "\r\n"])).toEqual([err("too big inline request")]);
    // The limit counts from the start of the pending line: earlier commands still run.
    expect(parse(["PING\r\n" + "a".repeat(70_000)])).toEqual([["PING"], err("too big inline request")]);
    // Exactly 64 KB is still allowed to wait.
    expect(parse(["a".repeat(65_536)])).toEqual([]);
    expect(parse(["a".repeat(65_536), "\r\n"])).toEqual([["a".repeat(65_536)]]);
  });
});

describe("protocol errors", () => {
  it("refuses multibulk counts that are not numbers or exceed INT_MAX", () => {
    for (const bad of ["*abc\r\n", "*-0\r\n", "*01\r\n", "*+1\r\n", "* 1\r\n", "*\r\n", "*2147483648\r\n", "*99999999999999999999\r\n"]) {
      expect(parse([bad]), bad).toEqual([err("invalid multibulk length")]);
    }
    // INT_MAX itself is accepted, and nothing is allocated for it.
    expect(parse(["*2147483647\r\n"])).toEqual([]);
  });

  it("refuses an element that is not a bulk", () => {
    expect(parse(["*1\r\nx\r\n"])).toEqual([err("expected '$', got 'x'")]);
    expect(parse(["*1\r\n:1\r\n"])).toEqual([err("expected '$', got ':'")]);
    expect(parse(["*1\r\n\r\n"])).toEqual([err("expected '$', got '\r'")]);
    expect(parse(["*2\r\n$1\r\na\r\n\xff\r\n"])).toEqual([err("expected '$', got '\xff'")]);
  });

  it("refuses bulk lengths that are negative, malformed or above proto-max-bulk-len", () => {
    for (const bad of ["$-1", "$abc", "$01", "$", "$1.5", "$536870913", "$9223372036854775808"]) {
      expect(parse([`*1\r\n${bad}\r\n`]), bad).toEqual([err("invalid bulk length")]);
    }
    expect(parse(["*1\r\n$536870912\r\n"])).toEqual([]);
    expect(parse(["*1\r\n$2000001\r\n"], { maxBulkLen: () => 2_000_000 })).toEqual([err("invalid bulk length")]);
    expect(parse(["*1\r\n$2000000\r\n"], { maxBulkLen: () => 2_000_000 })).toEqual([]);
  });

  it("reads proto-max-bulk-len at every header, so a change applies to the next request", () => {
    let max = 3_000_000;
    const p = new RequestParser({ maxBulkLen: () => max });
    const value = "x".repeat(2_000_000);
    p.push(cmd("SET", "k", value) + cmd("SET", "k", value));
    expect(p.next()).toEqual(["SET", "k", value]);
    max = 1_500_000;
    expect(p.next()).toBeNull();
    expect(p.error?.reply).toEqual({ t: "error", v: "ERR Protocol error: invalid bulk length" });
  });

  it("refuses header lines still without CR past 64 KB", () => {
    expect(parse(["*" + "1".repeat(70_000)])).toEqual([err("too big mbulk count string")]);
    expect(parse(["*1\r\n$" + "1".repeat(70_000)])).toEqual([err("too big bulk count string")]);
    expect(parse(["*2\r\n$3\r\nGET\r\n" + "x".repeat(70_000)])).toEqual([err("too big bulk count string")]);
    // A NUL before the CR counts as no CR at all.
    expect(parse(["*1\x00" + "\r\n".repeat(40_000)])).toEqual([err("too big mbulk count string")]);
  });

  it("holds unauthenticated clients to 10 arguments and 16 KB bulks", () => {
    const auth = { authRequired: () => true };
    expect(parse(["*11\r\n"], auth)).toEqual([err("unauthenticated multibulk length")]);
    expect(parse(["*10\r\n"], auth)).toEqual([]);
    expect(parse(["*1\r\n$16385\r\n"], auth)).toEqual([err("unauthenticated bulk length")]);
    expect(parse(["*1\r\n$16384\r\n"], auth)).toEqual([]);
    expect(parse(["*1\r\n$-1\r\n"], auth)).toEqual([err("invalid bulk length")]);
    expect(parse(["*2147483648\r\n"], auth)).toEqual([err("invalid multibulk length")]);
  });

  it("runs what came before a malformed request, then stops for good", () => {
    const p = new RequestParser();
    p.push(cmd("PING") + "*x\r\n" + cmd("PING"));
    expect(p.next()).toEqual(["PING"]);
    expect(p.next()).toBeNull();
    expect(p.error).toBeInstanceOf(ProtocolError);
    expect(p.error?.reason).toBe("invalid mbulk count");
    expect(p.next()).toBeNull();
    p.push(cmd("PING"));
    expect(p.next()).toBeNull();
  });
});

describe("string2ll", () => {
  const ll = (s: string) => string2ll(s, 0, s.length);
  it("accepts what Redis' string2ll accepts", () => {
    expect(ll("0")).toBe(0);
    expect(ll("-1")).toBe(-1);
    expect(ll("1234567")).toBe(1234567);
    expect(ll("9223372036854775807")).toBe(2 ** 63); // the nearest double
    expect(ll("-9223372036854775808")).toBe(-(2 ** 63));
    expect(ll("9007199254740993")).toBe(9007199254740992);
  });
  it("refuses the rest", () => {
    for (const s of ["", "-", "-0", "00", "01", "+1", " 1", "1 ", "1a", "9223372036854775808", "-9223372036854775809", "123456789012345678901"]) {
      expect(ll(s), s).toBeNaN();
    }
  });
});
