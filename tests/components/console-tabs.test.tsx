// @vitest-environment jsdom
/**
 * Client tabs through the learner's eyes: several connections on one instance, each with its
 * own transcript and prompt; a subscribed tab receives messages published from another; a
 * blocked tab shows it waits and unblocks while the learner works elsewhere.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPlayground } from "./console-fixture";

describe("client tabs", () => {
  it("opens a tab with its own connection, transcript and prompt", async () => {
    const { user, run, lines, panel, tabButtons } = await renderPlayground();
    await run("CLIENT ID");
    const mainId = lines()[1];
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    expect(tabButtons().map((t) => t.textContent)).toEqual(["main", "tab 2"]);
    expect(tabButtons()[1].getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));
    await run("SELECT 2");
    expect(screen.getByText("127.0.0.1:6379[2]>")).toBeTruthy();
    await run("CLIENT ID");
    expect(lines()).toEqual(["127.0.0.1:6379> SELECT 2", "OK", "127.0.0.1:6379[2]> CLIENT ID", expect.stringMatching(/^\(integer\) \d+$/)]);
    expect(lines()[3]).not.toBe(mainId);
    // The first tab kept its own transcript and database.
    await user.click(tabButtons()[0]);
    expect(lines()).toEqual(["127.0.0.1:6379> CLIENT ID", mainId]);
    expect(screen.getByText("127.0.0.1:6379>")).toBeTruthy();
    expect(panel("tab-2").lines()).toHaveLength(4);
  });

  it("renames a tab and closes one, closing its connection", async () => {
    const { engine, user, run, tabButtons } = await renderPlayground();
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    await run("CLIENT SETNAME worker");
    await user.click(screen.getByRole("button", { name: "Rename tab 2" }));
    const name = screen.getByRole("textbox", { name: "Tab name" });
    await user.clear(name);
    await user.type(name, "worker{Enter}");
    expect(tabButtons().map((t) => t.textContent)).toEqual(["main", "worker"]);
    expect(engine.server.clients.size).toBe(2);
    await user.click(screen.getByRole("button", { name: "Close worker" }));
    expect(tabButtons().map((t) => t.textContent)).toEqual(["main"]);
    await waitFor(() => expect(engine.server.clients.size).toBe(1));
    // The last tab cannot be closed.
    expect(screen.queryByRole("button", { name: "Close main" })).toBeNull();
  });

  it("shows messages in a subscribed tab as they are published from another", async () => {
    const { user, run, panel, tabButtons } = await renderPlayground();
    await run("SUBSCRIBE news");
    expect(panel("main").lines()).toEqual(["127.0.0.1:6379> SUBSCRIBE news", '1) "subscribe"\n2) "news"\n3) (integer) 1']);
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));
    await run("PUBLISH news hello");
    expect(panel("tab-2").lines()).toEqual(["127.0.0.1:6379> PUBLISH news hello", "(integer) 1"]);
    await waitFor(() => expect(panel("main").lines()).toHaveLength(3));
    expect(panel("main").lines()[2]).toBe('1) "message"\n2) "news"\n3) "hello"');
    // The main tab, not shown, counts the message as unread until it is shown.
    expect(within(tabButtons()[0]).getByLabelText("1 new messages")).toBeTruthy();
    await user.click(tabButtons()[0]);
    expect(within(tabButtons()[0]).queryByLabelText("1 new messages")).toBeNull();
  });

  it("shows a blocked tab waiting, and it unblocks while the learner types in another", async () => {
    const { user, run, shown, panel, tabButtons } = await renderPlayground();
    const { input } = shown();
    await user.type(input, "XREAD BLOCK 0 STREAMS s ${Enter}");
    await waitFor(() => expect(panel("main").region.dataset.waiting).toBe("true"));
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));
    expect(within(tabButtons()[0]).getByLabelText("waiting for a reply")).toBeTruthy();
    await run("XADD s 1-1 f v");
    await waitFor(() => expect(panel("main").region.dataset.waiting).toBe("false"));
    expect(within(tabButtons()[0]).queryByLabelText("waiting for a reply")).toBeNull();
    expect(panel("main").lines()).toEqual([
      "127.0.0.1:6379> XREAD BLOCK 0 STREAMS s $",
      '1) 1) "s"\n   2) 1) 1) "1-1"\n         2) 1) "f"\n            2) "v"',
    ]);
  });
});

describe("the tab bar by keyboard", () => {
  it("moves between tabs with the arrow keys and renames with F2", async () => {
    const { user, tabButtons } = await renderPlayground();
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    await user.click(screen.getByRole("button", { name: "New client tab" }));
    tabButtons()[2].focus();
    await user.keyboard("{ArrowRight}");
    expect(tabButtons()[0].getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(tabButtons()[0]);
    await user.keyboard("{ArrowLeft}");
    expect(tabButtons()[2].getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{F2}");
    const name = screen.getByRole("textbox", { name: "Tab name" });
    await user.clear(name);
    await user.type(name, "consumer{Enter}");
    expect(tabButtons().map((t) => t.textContent)).toEqual(["main", "tab 2", "consumer"]);
  });
});
