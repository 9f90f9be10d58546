import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Gen, seeds } from "../support/random-commands";
import { describeStreamMismatches, StreamPair } from "../support/stream-pair";

let d: StreamPair;
beforeAll(async () => {
  d = await StreamPair.start();
}, 30_000);
afterAll(async () => {
  await d?.stop();
});
beforeEach(async () => {
  await d.reset();
});

async function expectSame(steps: (readonly string[])[]): Promise<void> {
  const ms = await d.run(steps);
  expect(ms, describeStreamMismatches(ms)).toEqual([]);
}

describe("pubsub (differential, whole streams)", () => {
  it("fans out to channel subscribers in subscription order, with running counts", async () => {
    await expectSame([
      ["a", "SUBSCRIBE", "news", "sport"],
      ["b", "SUBSCRIBE", "news"],
      ["b", "SUBSCRIBE", "news"],
      ["p", "PUBLISH", "news", "hello"],
      ["p", "PUBLISH", "sport", "x\r\ny\0z\xff"],
      ["p", "PUBLISH", "nobody", "m"],
      ["p", "PUBSUB", "NUMSUB", "news", "sport", "nobody"],
      ["p", "PUBSUB", "NUMSUB"],
      ["p", "PUBSUB", "CHANNELS", "n*"],
      ["p", "PUBSUB", "CHANNELS", "zz*"],
      ["b", "UNSUBSCRIBE", "news", "never"],
      ["p", "PUBLISH", "news", "again"],
      ["b", "UNSUBSCRIBE"],
      ["a", "UNSUBSCRIBE", "sport"],
      ["a", "UNSUBSCRIBE"],
      ["p", "PUBLISH", "news", "gone"],
      ["p", "PUBSUB", "CHANNELS"],
    ]);
  });

  it("patterns: pmessage, counts shared with channels, punsubscribe all", async () => {
    await expectSame([
      ["a", "PSUBSCRIBE", "news.*"],
      ["a", "SUBSCRIBE", "news.tech"],
      // One matching pattern per client: Redis walks its pattern dict in hash order.
      ["b", "PSUBSCRIBE", "n?ws.[tx]ech", "zz*"],
      ["c", "PSUBSCRIBE", "*"],
      ["p", "PUBLISH", "news.tech", "chip"],
      ["p", "PUBLISH", "other", "o"],
      ["p", "PUBSUB", "NUMPAT"],
      ["a", "PUNSUBSCRIBE", "news.*", "not-there"],
      ["a", "PUNSUBSCRIBE"],
      ["a", "UNSUBSCRIBE"],
      ["a", "PUNSUBSCRIBE"],
      ["p", "PUBLISH", "news.tech", "chip2"],
      ["c", "PUNSUBSCRIBE", "*"],
      ["p", "PUBSUB", "NUMPAT"],
    ]);
  });

  it("shard channels count apart from the others", async () => {
    await expectSame([
      ["a", "SSUBSCRIBE", "s1", "s2"],
      ["a", "SUBSCRIBE", "c1"],
      ["a", "SSUBSCRIBE", "s1"],
      ["p", "SPUBLISH", "s1", "hi"],
      ["p", "PUBLISH", "s1", "not shard"],
      ["p", "SPUBLISH", "c1", "not channel"],
      ["p", "PUBSUB", "SHARDCHANNELS", "s[1x]"],
      ["p", "PUBSUB", "SHARDCHANNELS", "s1"],
      ["p", "PUBSUB", "SHARDNUMSUB", "s1", "s3"],
      ["a", "SUNSUBSCRIBE", "s2", "s9"],
      ["a", "SUNSUBSCRIBE"],
      ["a", "SUNSUBSCRIBE"],
      ["a", "UNSUBSCRIBE"],
      ["p", "PUBSUB", "HELP"],
      ["p", "PUBSUB", "NOPE"],
      ["p", "PUBSUB", "NUMPAT", "extra"],
      ["p", "PUBSUB", "CHANNELS", "a", "b"],
      ["p", "PUBLISH", "only-one-arg"],
      ["p", "SUBSCRIBE"],
    ]);
  });

  it("RESP2 subscribed mode refuses other commands; PING answers as an array; RESET leaves it", async () => {
    await expectSame([
      ["a", "SUBSCRIBE", "c"],
      ["a", "GET", "k"],
      ["a", "CLIENT", "LIST"],
      ["a", "CONFIG", "GET", "maxmemory"],
      ["a", "PUBLISH", "c", "m"],
      ["a", "PING"],
      ["a", "PING", "hello"],
      ["a", "PING", "a", "b"],
      ["a", "NOSUCH"],
      ["a", "GET"],
      ["a", "SSUBSCRIBE", "s"],
      ["a", "UNSUBSCRIBE"],
      ["a", "GET", "k"],
      ["a", "SUNSUBSCRIBE"],
      ["a", "GET", "k"],
      ["a", "PSUBSCRIBE", "x*"],
      ["a", "RESET"],
      ["a", "GET", "k"],
      ["p", "PUBSUB", "NUMPAT"],
      ["p", "PUBSUB", "NUMSUB", "c"],
    ]);
  });

  it("RESP3: pushes interleave with replies, a publisher hears itself before its reply", async () => {
    await d.quiet("a", "HELLO", "3");
    await expectSame([
      ["a", "SUBSCRIBE", "c", "d"],
      ["a", "GET", "k"],
      ["a", "PUBLISH", "c", "self"],
      ["a", "PSUBSCRIBE", "c*"],
      ["a", "PUBLISH", "c", "twice"],
      ["a", "SSUBSCRIBE", "s"],
      ["a", "SPUBLISH", "s", "shard"],
      ["b", "PUBLISH", "d", "from b"],
      ["a", "UNSUBSCRIBE", "c"],
      ["a", "UNSUBSCRIBE", "zz"],
      ["a", "PUNSUBSCRIBE"],
      ["a", "SUNSUBSCRIBE"],
      ["a", "UNSUBSCRIBE"],
      ["a", "UNSUBSCRIBE"],
    ]);
  });

  it("a subscriber that hangs up is forgotten", async () => {
    await expectSame([
      ["a", "SUBSCRIBE", "c"],
      ["a", "PSUBSCRIBE", "p*"],
      ["a", "SSUBSCRIBE", "s"],
    ]);
    await d.close("a");
    await expectSame([
      ["p", "PUBLISH", "c", "m"],
      ["p", "PUBLISH", "pq", "m"],
      ["p", "SPUBLISH", "s", "m"],
      ["p", "PUBSUB", "NUMSUB", "c"],
      ["p", "PUBSUB", "NUMPAT"],
      ["p", "PUBSUB", "SHARDNUMSUB", "s"],
    ]);
  });

  it("CLIENT LIST / INFO show subscriptions", async () => {
    await d.quiet("a", "HELLO", "3");
    await expectSame([
      ["a", "SUBSCRIBE", "c1", "c2"],
      ["a", "PSUBSCRIBE", "p*"],
      ["a", "SSUBSCRIBE", "s"],
    ]);
    // Compare only the fields we model exactly (ids, addresses, ages differ).
    const pick = (line: string) => /flags=\S+ db=\d+ sub=\d+ psub=\d+ ssub=\d+/.exec(line)?.[0];
    await d.send("a", "CLIENT", "INFO");
    const s = await d.session("a");
    await new Promise((r) => setTimeout(r, 50));
    const engineLine = pick(s.engineOut);
    const realLine = pick(s.realOut);
    expect(engineLine).toBe("flags=P db=0 sub=2 psub=1 ssub=1");
    expect(engineLine).toBe(realLine);
    s.engineOut = s.realOut = "";
    await d.send("a", "INFO", "stats");
    await new Promise((r) => setTimeout(r, 50));
    const stat = (t: string) => /pubsub_channels:\d+\r\npubsub_patterns:\d+\r\npubsubshard_channels:\d+/.exec(t)?.[0];
    expect(stat(s.engineOut)).toBe("pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1");
    expect(stat(s.engineOut)).toBe(stat(s.realOut));
    s.engineOut = s.realOut = "";
    await d.sync();
  });
});

/**
 * Random Pub/Sub traffic over three sessions. Redis walks dictionaries in hash order in three
 * places (UNSUBSCRIBE / SUNSUBSCRIBE with no argument, several patterns of one client matching
 * one channel, PUBSUB CHANNELS), so the generator only uses those where one entry is involved:
 * each channel matches at most one pattern, and argument-less unsubscribes run with at most
 * one subscription of that kind.
 */
const CHANNELS = ["c1", "c2", "c3", "x1", "\x00\r\n"];
const PATTERNS = ["c1*", "c[23]", "x?", "\\*"];
const SESSIONS = ["a", "b", "c"];

async function randomStep(g: Gen): Promise<string[]> {
  const name = g.pick(SESSIONS);
  const subs = (await d.session(name)).engine.client.subscriptions;
  const some = (xs: string[]) => Array.from({ length: g.int(1, 2) }, () => g.pick(xs));
  switch (g.int(0, 11)) {
    case 0:
      return [name, "SUBSCRIBE", ...some(CHANNELS)];
    case 1:
      return (subs?.channels.size ?? 0) <= 1 && g.chance(0.5) ? [name, "UNSUBSCRIBE"] : [name, "UNSUBSCRIBE", ...some(CHANNELS)];
    case 2:
      return [name, "PSUBSCRIBE", ...some(PATTERNS)];
    case 3:
      return g.chance(0.3) ? [name, "PUNSUBSCRIBE"] : [name, "PUNSUBSCRIBE", ...some(PATTERNS)];
    case 4:
      return [name, "SSUBSCRIBE", ...some(CHANNELS)];
    case 5:
      return (subs?.shardChannels.size ?? 0) <= 1 && g.chance(0.5) ? [name, "SUNSUBSCRIBE"] : [name, "SUNSUBSCRIBE", ...some(CHANNELS)];
    case 6:
    case 7:
      return [name, "PUBLISH", g.pick(CHANNELS), g.value()];
    case 8:
      return [name, "SPUBLISH", g.pick(CHANNELS), g.value()];
    case 9:
      return [name, "PUBSUB", g.pick(["NUMSUB", "SHARDNUMSUB"]), ...some(CHANNELS)];
    case 10:
      return [name, "PUBSUB", "NUMPAT"];
    default:
      return g.chance(0.3) ? [name, "PING"] : [name, "GET", "k"];
  }
}

describe("pubsub (differential, random traffic)", () => {
  for (const seed of seeds(4)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      // Session "c" talks RESP3, the others RESP2 (subscribed mode applies to them only).
      await d.quiet("c", "HELLO", "3");
      const ms: Awaited<ReturnType<StreamPair["run"]>> = [];
      // Each step is drawn after the previous one ran: the generator reads the live state.
      for (let i = 0; i < 80; i++) ms.push(...(await d.run([await randomStep(g)])));
      expect(ms, `seed ${seed}\n${describeStreamMismatches(ms)}`).toEqual([]);
    }, 30_000);
  }
});
