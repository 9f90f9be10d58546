// @vitest-environment jsdom
/**
 * The playground's data through the learner's eyes: reset (after confirming), export to a file
 * and import it back into a fresh instance, a corrupt file refused with a notice, the data kept
 * across reloads in localStorage (and corrupt saved data dropped with a notice), and the theme
 * toggle.
 */
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dataStorageKey } from "@/components/state/keyspace-persistence";
import { DATA_FORMAT, parseDataFile, rebuildCommands } from "@/components/state/keyspace-file";
import { THEME_STORAGE_KEY } from "@/components/playground/ThemeToggle";
import { renderPlayground } from "./console-fixture";

const keysRegion = () => screen.getByRole("region", { name: "Keys" });
const keyRows = () =>
  within(keysRegion())
    .queryAllByRole("row")
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll("td")).slice(0, 4).map((td) => td.textContent));
const data = () => screen.getByRole("region", { name: "Playground data" });
const notice = () => within(data()).getByRole("status", { name: "Data notice" }).textContent;

afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.removeAttribute("data-theme");
});

/** Captures what Export hands to the browser as a download. */
function captureDownloads() {
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: (b: Blob) => {
      blobs.push(b);
      return "blob:test";
    },
    revokeObjectURL: () => {},
  });
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  return blobs;
}

describe("reset", () => {
  it("asks first, then gives a fresh instance", async () => {
    const { user, run } = await renderPlayground({ dataKey: "t-reset" });
    await run("SET a 1");
    await waitFor(() => expect(keyRows()).toHaveLength(1));
    await user.click(within(data()).getByRole("button", { name: "Reset playground" }));
    const dialog = within(data()).getByRole("alertdialog");
    expect(dialog.textContent).toContain("Every key in every database goes");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(keyRows()).toHaveLength(1);
    await user.click(within(data()).getByRole("button", { name: "Reset playground" }));
    await user.click(within(within(data()).getByRole("alertdialog")).getByRole("button", { name: "Reset" }));
    await waitFor(() => expect(keyRows()).toHaveLength(0));
    expect(notice()).toContain("The playground was reset.");
    // The console still works on the new instance.
    await run("DBSIZE");
  });

  it("is not offered where the page keeps no data (lesson pages)", async () => {
    await renderPlayground();
    expect(screen.queryByRole("region", { name: "Playground data" })).toBeNull();
  });
});

describe("export and import", () => {
  it("exports every type with TTLs and imports it back into a fresh instance", async () => {
    const blobs = captureDownloads();
    const { user, run, advance, engine } = await renderPlayground({ dataKey: "t-export" });
    await run('SET bin "\\xff\\x00" EX 100');
    await run("SET n 42");
    await run("RPUSH l a b c");
    await run("HSET h f v");
    await run("SADD s 1 2 3");
    await run("ZADD z 1.1 a inf b");
    await run("XADD st 1-1 k v");
    await run("XGROUP CREATE st g 0");
    await run("XGROUP CREATECONSUMER st g alice");
    await run("SELECT 3");
    await run("SET other x");
    await user.click(within(data()).getByRole("button", { name: "Export data" }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const text = await blobs[0].text();
    const file = parseDataFile(text);
    expect(file.format).toBe(DATA_FORMAT);
    expect(file.complete).toBe(true);
    expect(file.dbs.map((d) => [d.db, d.keys.length])).toEqual([
      [0, 7],
      [3, 1],
    ]);
    expect(notice()).toBe("Exported 8 keys. ×");

    await run("FLUSHALL");
    await advance(30_000);
    const upload = within(data()).getByLabelText("Data file to import") as HTMLInputElement;
    await user.upload(upload, new File([text], "mine.json", { type: "application/json" }));
    const dialog = await within(data()).findByRole("alertdialog");
    expect(dialog.textContent).toContain("8 key(s) in mine.json");
    await user.click(within(dialog).getByRole("button", { name: "Replace" }));
    await waitFor(() => expect(notice()).toContain("Imported 8 keys."));
    const c = await engine.open("check");
    const ask = async (...argv: string[]) => (await engine.exec(c.id, argv)).reply;
    expect(await ask("GET", "bin")).toEqual({ t: "bulk", v: "\xff\x00" });
    expect(await ask("TTL", "bin")).toEqual({ t: "int", v: 100 });
    expect(await ask("OBJECT", "ENCODING", "n")).toEqual({ t: "bulk", v: "int" });
    expect(await ask("LRANGE", "l", "0", "-1")).toEqual({ t: "array", v: ["a", "b", "c"].map((v) => ({ t: "bulk", v })) });
    expect(await ask("ZSCORE", "z", "b")).toMatchObject({ v: Infinity });
    expect(await ask("OBJECT", "ENCODING", "s")).toEqual({ t: "bulk", v: "intset" });
    const consumers = await ask("XINFO", "CONSUMERS", "st", "g");
    expect(consumers.t === "array" && consumers.v.length).toBe(1);
    expect(await ask("XLEN", "st")).toEqual({ t: "int", v: 1 });
    await ask("SELECT", "3");
    expect(await ask("GET", "other")).toEqual({ t: "bulk", v: "x" });
  });

  it("refuses a corrupt file with a notice and changes nothing", async () => {
    const { user, run } = await renderPlayground({ dataKey: "t-corrupt" });
    await run("SET keep me");
    await waitFor(() => expect(keyRows()).toHaveLength(1));
    const upload = within(data()).getByLabelText("Data file to import") as HTMLInputElement;
    await user.upload(upload, new File(["{not json"], "bad.json", { type: "application/json" }));
    await waitFor(() => expect(notice()).toContain("bad.json cannot be imported: the file is not JSON. Nothing was changed."));
    const wrongVersion = JSON.stringify({ format: DATA_FORMAT, version: 99, complete: true, dbs: [] });
    await user.upload(upload, new File([wrongVersion], "v99.json"));
    await waitFor(() => expect(notice()).toContain("the file has version 99; this playground reads version 1"));
    const badEntry = JSON.stringify({ format: DATA_FORMAT, version: 1, complete: true, dbs: [{ db: 0, keys: [{ key: "x", type: "list", items: [1] }] }] });
    await user.upload(upload, new File([badEntry], "e.json"));
    await waitFor(() => expect(notice()).toContain("db 0, key #1: the list items are not strings"));
    expect(within(data()).queryByRole("alertdialog")).toBeNull();
    expect(keyRows()).toEqual([["keep", "string", "embstr", "—"]]);
  });

  it("rebuilds values in chunks and sets the TTL last", () => {
    const items = Array.from({ length: 1200 }, (_, i) => String(i));
    const cmds = rebuildCommands({ key: "l", type: "list", items, ttlMs: 5000 });
    expect(cmds.map((c) => [c[0], c.length - 2])).toEqual([
      ["RPUSH", 500],
      ["RPUSH", 500],
      ["RPUSH", 200],
      ["PEXPIRE", 1],
    ]);
  });
});

describe("kept across reloads", () => {
  it("saves after key changes and restores into the next visit's fresh instance", async () => {
    const first = await renderPlayground({ dataKey: "t-keep" });
    await first.run("HSET user:1 name Ann");
    await first.run("SET counter 7");
    await waitFor(() => expect(localStorage.getItem(dataStorageKey("t-keep"))).toContain("user:1"), { timeout: 5000 });
    const saved = localStorage.getItem(dataStorageKey("t-keep"))!;
    cleanup();
    localStorage.setItem(dataStorageKey("t-keep"), saved);
    await renderPlayground({ dataKey: "t-keep" });
    await waitFor(() =>
      expect(keyRows()).toEqual([
        ["counter", "string", "int", "—"],
        ["user:1", "hash", "listpack", "—"],
      ]),
    );
    expect(notice()).toContain("Restored 2 keys from your last visit.");
  });

  it("drops corrupt saved data with a notice and starts fresh", async () => {
    localStorage.setItem(dataStorageKey("t-bad"), '{"format":"redis-playground-data","version":1,"complete":true,"dbs":[{"db":99,"keys":[]}]}');
    await renderPlayground({ dataKey: "t-bad" });
    await waitFor(() => expect(notice()).toContain("The saved playground data could not be restored"));
    expect(notice()).toContain("db must be 0–15");
    expect(localStorage.getItem(dataStorageKey("t-bad"))).toBeNull();
    expect(keyRows()).toEqual([]);
  });
});

describe("theme", () => {
  it("cycles system → light → dark and keeps the choice", async () => {
    const { user } = await renderPlayground();
    const toggle = () => screen.getByRole("button", { name: /^Theme: / });
    expect(toggle().getAttribute("aria-label")).toBe("Theme: system. Switch to light");
    await user.click(toggle());
    expect(document.documentElement.getAttribute("data-theme")).toBe("light");
    await user.click(toggle());
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    cleanup();
    document.documentElement.removeAttribute("data-theme");
    localStorage.setItem(THEME_STORAGE_KEY, "dark");
    await renderPlayground();
    await act(async () => {});
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    await user.click(toggle());
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });
});
