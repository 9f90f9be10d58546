// @vitest-environment jsdom
/**
 * The key inspector's value views, its scale and its safety, through the learner's eyes: each
 * type in a view made for it (string bytes/int/bits, HyperLogLog, quicklist nodes, sorted set
 * as geo, stream groups and pending entries); 10,000 keys with only a window of rows in the
 * DOM; hostile keys and values rendered as text with no markup; keyboard-only selection.
 */
import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { bitRows, hexDump } from "@/components/keyspace/ValueViews";
import { renderPlayground } from "./console-fixture";

const keysRegion = () => screen.getByRole("region", { name: "Keys" });
const details = () => screen.getByRole("region", { name: "Key details" });
const grid = () => within(keysRegion()).getByRole("grid", { name: "Keys in this database" });
const tableRows = (label: string) =>
  within(within(details()).getByRole("table", { name: label }))
    .getAllByRole("row")
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent));

async function open(user: Awaited<ReturnType<typeof renderPlayground>>["user"], key: string) {
  await waitFor(() => expect(within(keysRegion()).getByRole("button", { name: key })).toBeTruthy());
  await user.click(within(keysRegion()).getByRole("button", { name: key }));
  await waitFor(() => expect(within(details()).getByRole("heading", { level: 3 }).textContent).toBe(key));
}

describe("value views", () => {
  it("shows a string as text, redis-cli quoting, bytes, integer and bits", async () => {
    const { user, run, engine } = await renderPlayground();
    await run('SET bin "\\xff\\x00A"');
    await run("SET n 12345");
    await open(user, "bin");
    const value = () => within(details()).getByLabelText("Value").textContent;
    expect(value()).toBe('"\\xff\\x00A"');
    await user.click(within(details()).getByRole("button", { name: "redis-cli" }));
    expect(value()).toBe('"\\xff\\x00A"');
    await user.click(within(details()).getByRole("button", { name: "bytes" }));
    expect(value()).toBe(hexDump("\xff\x00A"));
    expect(value()).toContain("ff 00 41");
    await user.click(within(details()).getByRole("button", { name: "bits" }));
    expect(tableRows("Bits")).toEqual([
      ["0–7", "11111111", '"\\xff"'],
      ["8–15", "00000000", '"\\x00"'],
      ["16–23", "01000001", '"A"'],
    ]);
    expect(within(details()).queryByRole("button", { name: "integer" })).toBeNull();
    await open(user, "n");
    await user.click(within(details()).getByRole("button", { name: "integer" }));
    expect(value()).toContain("stored as a 64-bit integer (encoding int)");
    // A SETBIT-built bitmap shows which bits are set.
    await run("SETBIT flags 9 1");
    await open(user, "flags");
    await user.click(within(details()).getByRole("button", { name: "bits" }));
    expect(tableRows("Bits")).toEqual([
      ["0–7", "00000000", '"\\x00"'],
      ["8–15", "01000000", '"@"'],
    ]);
    expect(within(details()).getByText(/^1 of 16 bits set/)).toBeTruthy();
    expect(engine).toBeTruthy();
  });

  it("shows a HyperLogLog's representation and estimate without caching it", async () => {
    const { user, run, lines } = await renderPlayground();
    await run("PFADD visitors a b c d");
    await open(user, "visitors");
    const hll = () => within(details()).getByLabelText("HyperLogLog").textContent;
    expect(hll()).toContain("sparse representation");
    expect(hll()).toContain("estimate 4");
    expect(hll()).toContain("not cached");
    await run("PFCOUNT visitors");
    expect(lines().at(-1)).toBe("(integer) 4");
    await waitFor(() => expect(hll()).toContain("(cached in the header)"));
  });

  it("shows a list with its quicklist nodes", async () => {
    const { user, run } = await renderPlayground();
    await run("CONFIG SET list-max-listpack-size 2");
    await run("RPUSH l a b c d e");
    await open(user, "l");
    const nodes = within(details()).getByLabelText("Quicklist nodes");
    expect(nodes.textContent).toContain("3 nodes");
    expect(Array.from(nodes.querySelectorAll("li")).map((li) => li.textContent?.replace(/ · \d+ B$/, ""))).toEqual([
      "#0 2 el",
      "#1 2 el",
      "#2 1 el",
    ]);
    expect(tableRows("Value")).toEqual([
      ["0", "0", "a"],
      ["1", "0", "b"],
      ["2", "1", "c"],
      ["3", "1", "d"],
      ["4", "2", "e"],
    ]);
  });

  it("ranks a sorted set with Redis' scores, and shows geo members as points", async () => {
    const { user, run } = await renderPlayground();
    await run("ZADD z 1.1 a 2 b");
    await open(user, "z");
    expect(tableRows("Value")).toEqual([
      ["0", "a", "1.1000000000000001"],
      ["1", "b", "2"],
    ]);
    expect(within(details()).queryByRole("button", { name: "as geo" })).toBeNull();
    await run("GEOADD sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania");
    await open(user, "sicily");
    await user.click(within(details()).getByRole("button", { name: "as geo" }));
    expect(tableRows("Value")).toEqual([
      ["Palermo", "13.361389", "38.115556"],
      // The centre of the member's 52-bit cell, as GEOPOS answers (15.08726745…, 37.50266842…).
      ["Catania", "15.087267", "37.502668"],
    ]);
  });

  it("shows a stream's entries, consumer groups and pending entries", async () => {
    const { user, run, advance } = await renderPlayground();
    await run("XADD s 1-0 item a");
    await run("XADD s 2-0 item b");
    await run("XGROUP CREATE s workers 0");
    await run("XREADGROUP GROUP workers alice COUNT 1 STREAMS s >");
    await advance(1500);
    await open(user, "s");
    expect(tableRows("Value")).toEqual([
      ["1-0", "item=a"],
      ["2-0", "item=b"],
    ]);
    const group = within(details()).getByRole("region", { name: "Consumer group workers" });
    expect(group.textContent).toContain("last delivered 1-0");
    expect(group.textContent).toContain("1 pending");
    await waitFor(() => expect(tableRows("Pending entries")).toEqual([["1-0", "alice", "1500 ms", "1"]]));
    expect(tableRows("Consumers")).toEqual([["alice", "1", "1500 ms"]]);
  });
});

describe("scale", () => {
  it("keeps only a window of rows in the DOM with 10,000 keys, and scrolls to any of them", async () => {
    const { engine, user } = await renderPlayground();
    const c = await engine.open("loader");
    await act(async () => {
      const argv = ["MSET"];
      for (let i = 0; i < 10_000; i++) argv.push(`key:${String(i).padStart(5, "0")}`, "v");
      await engine.exec(c.id, argv);
    });
    await waitFor(() => expect(grid().getAttribute("aria-rowcount")).toBe("10001"), { timeout: 10_000 });
    const rendered = () => within(grid()).getAllByRole("row").length - 1;
    expect(rendered()).toBeGreaterThan(5);
    expect(rendered()).toBeLessThan(60);
    // Scroll to the middle: the window moves, still small.
    const scroller = grid().parentElement!;
    await act(async () => {
      scroller.scrollTop = 28 * 5000;
      scroller.dispatchEvent(new Event("scroll"));
    });
    await waitFor(() => expect(within(grid()).getByRole("button", { name: "key:05000" })).toBeTruthy());
    expect(rendered()).toBeLessThan(60);
    expect(within(grid()).queryByRole("button", { name: "key:00000" })).toBeNull();
    // Keyboard: End selects the last key, Home the first.
    grid().focus();
    await user.keyboard("{End}");
    await waitFor(() => expect(within(details()).getByRole("heading", { level: 3 }).textContent).toBe("key:09999"));
    await user.keyboard("{Home}");
    await waitFor(() => expect(within(details()).getByRole("heading", { level: 3 }).textContent).toBe("key:00000"));
    await user.keyboard("{ArrowDown}{ArrowDown}");
    await waitFor(() => expect(within(details()).getByRole("heading", { level: 3 }).textContent).toBe("key:00002"));
    expect(grid().getAttribute("aria-activedescendant")).toBe(within(grid()).getByRole("button", { name: "key:00002" }).closest("tr")!.id);
  });
});

describe("safety", () => {
  it("renders hostile keys and values as text, with no markup and clipped cells", async () => {
    const { engine, user } = await renderPlayground();
    const c = await engine.open("attacker");
    const img = '<img src=x onerror="window.__pwned=1">';
    const rtl = "\u202eevil\u202c";
    const rtlBytes = unescape(encodeURIComponent(rtl)); // UTF-8 bytes, one char per byte
    const big = "x".repeat(10_240);
    await act(async () => {
      await engine.exec(c.id, ["SET", img, img]);
      await engine.exec(c.id, ["SET", "nul\x00key", "a\x00b"]);
      await engine.exec(c.id, ["SET", rtlBytes, rtlBytes]);
      await engine.exec(c.id, ["SET", "big", big]);
      await engine.exec(c.id, ["HSET", "h", img, big]);
    });
    await waitFor(() => expect(grid().getAttribute("aria-rowcount")).toBe("6"));
    const root = document.body;
    expect(root.querySelector("img")).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    // Bytes that are not readable text show as redis-cli quotes them.
    expect(within(grid()).getByRole("button", { name: '"nul\\x00key"' })).toBeTruthy();
    expect(within(grid()).getByRole("button", { name: img })).toBeTruthy();
    // Key cells clip: one line, an ellipsis, the direction isolated.
    const cell = within(grid()).getByRole("button", { name: rtl }).closest("td")!;
    expect(cell.className).toMatch(/clip/);
    await open(user, img);
    expect(within(details()).getByLabelText("Value").textContent).toBe(img);
    await open(user, '"nul\\x00key"');
    expect(within(details()).getByLabelText("Value").textContent).toBe('"a\\x00b"');
    await open(user, "big");
    expect(within(details()).getByText("10240 bytes")).toBeTruthy();
    await open(user, "h");
    const td = within(within(details()).getByRole("table", { name: "Value" })).getAllByRole("cell");
    expect(td.map((t) => t.textContent?.length)).toEqual([img.length, 10_240]);
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector("[onerror]")).toBeNull();
  });
});

describe("helpers", () => {
  it("dumps bytes like xxd and numbers bits like GETBIT", () => {
    expect(hexDump("AB\n")).toBe("00000000  41 42 0a" + " ".repeat(47 - 8) + "  AB.");
    expect(bitRows("\x80")[0]).toEqual({ offset: 0, bits: "10000000", byte: '"\\x80"' });
  });
});
