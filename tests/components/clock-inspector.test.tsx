// @vitest-environment jsdom
/**
 * The clock controls and the key inspector through the learner's eyes: the server time moves
 * with the buttons and TTLs count down with it; keys filter by pattern and type; a selected
 * key shows its value (and looking does not reset its idle time); an encoding flip is
 * announced with the threshold that was crossed.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPlayground } from "./console-fixture";

const keysRegion = () => screen.getByRole("region", { name: "Keys" });
const keyRows = () =>
  within(keysRegion())
    .queryAllByRole("row")
    .slice(1)
    // Key, type, encoding, TTL (the modelled memory column is checked on its own).
    .map((r) => Array.from(r.querySelectorAll("td")).slice(0, 4).map((td) => td.textContent));
const serverNow = () => Number(screen.getByLabelText("Server time").getAttribute("data-now"));

describe("the clock", () => {
  it("shows the instance time, pauses, resumes and fast-forwards it; TTLs follow", async () => {
    const { user, run } = await renderPlayground();
    await waitFor(() => expect(serverNow()).toBeGreaterThan(0));
    const clock = screen.getByRole("region", { name: "Clock" });
    // The test engine's manual clock starts paused at 2024-01-01T00:00:00Z.
    expect(within(clock).getByText("paused")).toBeTruthy();
    expect(within(clock).getByText("00:00:00 UTC")).toBeTruthy();
    await user.click(within(clock).getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(within(clock).getByText("running")).toBeTruthy());
    await user.click(within(clock).getByRole("button", { name: "Pause" }));
    await waitFor(() => expect(within(clock).getByText("paused")).toBeTruthy());

    await run("SET session:1 x EX 50");
    await waitFor(() => expect(keyRows()).toEqual([["session:1", "string", "embstr", "50 s"]]));
    const t0 = serverNow();
    await user.click(within(clock).getByRole("button", { name: "Advance the clock 10 s" }));
    await waitFor(() => expect(serverNow()).toBe(t0 + 10_000));
    expect(within(clock).getByText("00:00:10 UTC")).toBeTruthy();
    await waitFor(() => expect(keyRows()).toEqual([["session:1", "string", "embstr", "40 s"]]));
    await user.click(within(clock).getByRole("button", { name: "Advance the clock 1 s" }));
    await waitFor(() => expect(serverNow()).toBe(t0 + 11_000));
    await user.click(within(clock).getByRole("button", { name: "Advance the clock 1 min" }));
    await waitFor(() => expect(serverNow()).toBe(t0 + 71_000));
    // Expired on the instance clock: the active cycle removed it, and the inspector says so.
    await waitFor(() => expect(keyRows()).toEqual([]));
    expect(screen.getByRole("status", { name: "Key removed" }).textContent).toBe(
      "session:1 is gone: expired: its TTL passed and the active expiry cycle deleted it.",
    );
    await run("SET a 1");
    await run("DEL a");
    await waitFor(() =>
      expect(screen.getByRole("status", { name: "Key removed" }).textContent).toBe(
        "a is gone: deleted (DEL/UNLINK, or its last element was removed).",
      ),
    );
  });
});

describe("the key inspector", () => {
  it("filters keys by pattern and by type", async () => {
    const { user, run } = await renderPlayground();
    await run("MSET user:1 a user:2 b session:x c");
    await run("RPUSH user:list x");
    await waitFor(() => expect(keyRows().map((r) => r[0])).toEqual(["session:x", "user:1", "user:2", "user:list"]));
    await user.type(screen.getByRole("textbox", { name: "Filter keys by pattern" }), "user:?");
    expect(keyRows().map((r) => r[0])).toEqual(["user:1", "user:2"]);
    await user.clear(screen.getByRole("textbox", { name: "Filter keys by pattern" }));
    await user.type(screen.getByRole("textbox", { name: "Filter keys by pattern" }), "user:*");
    await user.selectOptions(screen.getByRole("combobox", { name: "Filter keys by type" }), "list");
    expect(keyRows()).toEqual([["user:list", "list", "quicklist", "—"]]);
    await user.type(screen.getByRole("textbox", { name: "Filter keys by pattern" }), "nothing");
    expect(within(keysRegion()).getByText("No key matches the filter.")).toBeTruthy();
  });

  it("shows the selected key's value by type, without touching its idle time", async () => {
    const { user, run, advance } = await renderPlayground();
    await run("ZADD board 10 ann 5 bob");
    await run("HSET user:1 name Ann <b>x</b> 1");
    await waitFor(() => expect(keyRows()).toHaveLength(2));
    await user.click(within(keysRegion()).getByRole("button", { name: "board" }));
    const details = () => screen.getByRole("region", { name: "Key details" });
    await waitFor(() => expect(within(details()).getByText("encoding listpack")).toBeTruthy());
    const cells = () =>
      within(details())
        .getAllByRole("row")
        .slice(1)
        .map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent));
    expect(cells()).toEqual([
      ["0", "bob", "5"],
      ["1", "ann", "10"],
    ]);
    await user.click(within(keysRegion()).getByRole("button", { name: "user:1" }));
    await waitFor(() => expect(cells()).toEqual([["name", "Ann"], ["<b>x</b>", "1"]]));
    // Markup in a field is text, never HTML.
    expect(details().querySelector("b")).toBeNull();
    expect(within(details()).getByText("idle 0 s")).toBeTruthy();
    // The engine's memory model, labelled as modelled, in the table and the details.
    expect(within(keysRegion()).getByRole("columnheader", { name: "Memory (modelled)" })).toBeTruthy();
    expect(within(details()).getByText(/^memory \d+(\.\d)? (B|KB) \(modelled\)$/)).toBeTruthy();
    await advance(5000);
    await run("SET other 1");
    await waitFor(() => expect(within(details()).getByText("idle 5 s")).toBeTruthy());
  });

  it("announces an encoding flip with the threshold that was crossed", async () => {
    const { run } = await renderPlayground();
    await run("HSET h a 1");
    await run("CONFIG SET hash-max-listpack-entries 2");
    await waitFor(() => expect(keyRows()).toEqual([["h", "hash", "listpack", "—"]]));
    expect(screen.queryByRole("status", { name: "Encoding changed" })).toBeNull();
    await run("HSET h b 2 c 3");
    await waitFor(() => expect(keyRows()).toEqual([["h", "hash", "hashtable", "—"]]));
    const row = within(keysRegion()).getAllByRole("row")[1];
    expect(row.dataset.flipped).toBe("true");
    await waitFor(() =>
      expect(screen.getByRole("status", { name: "Encoding changed" }).textContent).toBe(
        "Encoding changed for h (hash): listpack → hashtable: it now has 3 fields, more than hash-max-listpack-entries (2).",
      ),
    );

    await run(`HSET big f ${"x".repeat(70)}`);
    await run("SADD ids 1 2 3");
    await waitFor(() => expect(keyRows().map((r) => r[2])).toEqual(["hashtable", "hashtable", "intset"]));
    await run("SADD ids hello");
    await waitFor(() =>
      expect(screen.getByRole("status", { name: "Encoding changed" }).textContent).toBe(
        "Encoding changed for ids (set): intset → hashtable: a member is not an integer, and an intset holds only integers (up to set-max-intset-entries = 512 of them).",
      ),
    );
    // A key created in its final encoding did not flip.
    expect(within(keysRegion()).getAllByRole("row")[1].dataset.flipped).toBeUndefined();
  });
});
