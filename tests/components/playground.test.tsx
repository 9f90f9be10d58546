// @vitest-environment jsdom
/**
 * The playground through the user's eyes: type into the console, read what it prints, watch
 * the key list. The engine is the in-thread LocalEngine (manual clock), behind the same
 * EngineApi the page uses with the worker.
 */
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { Playground } from "@/components/playground/Playground";
import { displayKey, formatTtl } from "@/components/keyspace/KeyList";

const engines: LocalEngine[] = [];
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

async function setup() {
  const engine = new LocalEngine({ seed: 1 });
  engines.push(engine);
  const user = userEvent.setup();
  render(<Playground engine={engine} />);
  const input = screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement;
  await waitFor(() => expect(input.disabled).toBe(false));
  const console_ = screen.getByRole("region", { name: "Redis console" });
  await waitFor(() => expect(console_.dataset.busy).toBe("false"));
  /** Types a line, presses Enter and waits until the console has run it. */
  const run = async (line: string) => {
    const before = Number(console_.dataset.ran);
    await user.type(input, `${line}{Enter}`);
    await waitFor(() => expect(Number(console_.dataset.ran)).toBe(before + 1));
  };
  const lines = () =>
    Array.from(screen.getByRole("log", { name: "Console output" }).querySelectorAll("pre")).map((p) => p.textContent);
  return { engine, user, input, run, lines };
}

// A literal "{" or "[" is special to user-event's type(): double it.
const typed = (s: string) => s.replace(/[{[]/g, (c) => c + c);

describe("the console", () => {
  it("runs commands and prints replies as redis-cli does", async () => {
    const { run, lines } = await setup();
    await run("SET a 1");
    await run("GET a");
    await run("GET nosuchkey");
    expect(lines()).toEqual(["127.0.0.1:6379> SET a 1", "OK", '127.0.0.1:6379> GET a', '"1"', "127.0.0.1:6379> GET nosuchkey", "(nil)"]);
  });

  it("shows errors with (error)", async () => {
    const { run, lines } = await setup();
    await run("FOO bar");
    await run("GET");
    expect(lines()).toEqual([
      "127.0.0.1:6379> FOO bar",
      "(error) ERR unknown command 'FOO', with args beginning with: 'bar' ",
      "127.0.0.1:6379> GET",
      "(error) ERR wrong number of arguments for 'get' command",
    ]);
    const errors = screen.getAllByText(/^\(error\)/);
    expect(errors.every((e) => e.dataset.kind === "error")).toBe(true);
  });

  it("changes the prompt after SELECT", async () => {
    const { run, lines } = await setup();
    expect(screen.getByText("127.0.0.1:6379>")).toBeTruthy();
    await run("SELECT 2");
    expect(screen.getByText("127.0.0.1:6379[2]>")).toBeTruthy();
    await run("SET b 2");
    await run("SELECT 0");
    expect(lines()).toEqual(["127.0.0.1:6379> SELECT 2", "OK", "127.0.0.1:6379[2]> SET b 2", "OK", "127.0.0.1:6379[2]> SELECT 0", "OK"]);
    expect(screen.getByText("127.0.0.1:6379>")).toBeTruthy();
  });

  it("sends typed text as UTF-8 and splits quoted arguments like redis-cli", async () => {
    const { run, lines } = await setup();
    await run(typed('SET "my key" "héllo\\n"'));
    await run('GET "my key"');
    await run(typed('SET x "unbalanced'));
    expect(lines()).toEqual([
      '127.0.0.1:6379> SET "my key" "héllo\\n"',
      "OK",
      '127.0.0.1:6379> GET "my key"',
      '"h\\xc3\\xa9llo\\n"',
      '127.0.0.1:6379> SET x "unbalanced',
      "Invalid argument(s)",
    ]);
  });

  it("prints CLIENT LIST raw, not quoted, as redis-cli does", async () => {
    const { run, lines } = await setup();
    await run("CLIENT ID");
    const id = lines()[1].replace("(integer) ", "");
    await run(`CLIENT LIST ID ${id}`);
    expect(lines()[3]).toMatch(new RegExp(`^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:6379 .* cmd=client\\|list user=default redir=-1 resp=2$`));
    await run("CLIENT LIST ID 999999");
    expect(lines().slice(4)).toEqual(["127.0.0.1:6379> CLIENT LIST ID 999999", ""]);
  });

  it("repeats a command given a count, as redis-cli does", async () => {
    const { run, lines } = await setup();
    await run("3 ECHO hi");
    await run("0 ECHO hi");
    expect(lines()).toEqual(['127.0.0.1:6379> 3 ECHO hi', '"hi"', '"hi"', '"hi"', "127.0.0.1:6379> 0 ECHO hi", "Invalid redis-cli repeat command option value."]);
  });

  it("recalls history with the arrow keys", async () => {
    const { user, input, run } = await setup();
    await run("SET a 1");
    await run("GET a");
    await user.type(input, "draft");
    await user.keyboard("{ArrowUp}");
    expect(input).toHaveProperty("value", "GET a");
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(input).toHaveProperty("value", "SET a 1");
    await user.keyboard("{ArrowDown}");
    expect(input).toHaveProperty("value", "GET a");
    await user.keyboard("{ArrowDown}");
    expect(input).toHaveProperty("value", "draft");
  });

  it("clears the screen with Ctrl+L and with `clear`", async () => {
    const { user, run, lines } = await setup();
    await run("PING");
    expect(lines()).toEqual(["127.0.0.1:6379> PING", "PONG"]);
    await user.keyboard("{Control>}l{/Control}");
    expect(lines()).toEqual([]);
    await run("PING");
    await run("clear");
    expect(lines()).toEqual([]);
  });

  it("shows RESP3 replies after HELLO 3, as redis-cli does", async () => {
    const { run, lines } = await setup();
    await run("HELLO 3");
    const hello = lines()[1].split("\n");
    expect(hello.slice(0, 3)).toEqual(['1# "server" => "redis"', '2# "version" => "7.0.15"', '3# "proto" => (integer) 3']);
    expect(hello[hello.length - 1]).toBe('7# "modules" => (empty array)');
    await run("HELLO 2");
    expect(lines()[3].split("\n").slice(0, 2)).toEqual([' 1) "server"', ' 2) "redis"']);
  });

  it("connects again after the engine drops the connection", async () => {
    const { run, lines } = await setup();
    await run("SELECT 5");
    await run("CLIENT ID");
    const id = lines()[3].replace("(integer) ", "");
    await run(`CLIENT KILL ID ${id} SKIPME no`);
    expect(lines()[5]).toBe("(integer) 1");
    expect(screen.getByText("127.0.0.1:6379>")).toBeTruthy();
    await run("CLIENT ID");
    expect(lines().slice(-2)).toEqual(["127.0.0.1:6379> CLIENT ID", `(integer) ${Number(id) + 1}`]);
  });

  it("connects again after QUIT", async () => {
    const { run, lines } = await setup();
    await run("SELECT 3");
    await run("QUIT");
    expect(screen.getByText("127.0.0.1:6379>")).toBeTruthy();
    await run("PING");
    expect(lines().slice(-4)).toEqual(["127.0.0.1:6379[3]> QUIT", "OK", "127.0.0.1:6379> PING", "PONG"]);
  });
});

describe("the key list", () => {
  const keyRows = () =>
    within(screen.getByRole("region", { name: "Keys" }))
      .queryAllByRole("row")
      .slice(1)
      // Key, type, encoding, TTL; the modelled memory column is checked in clock-inspector.test.tsx.
      .map((r) => Array.from(r.querySelectorAll("td")).slice(0, 4).map((td) => td.textContent));

  it("shows keys with type, encoding and TTL as commands change them", async () => {
    const { engine, run } = await setup();
    expect(screen.getByText("No keys in this database.")).toBeTruthy();
    await run("SET a 1");
    await waitFor(() => expect(keyRows()).toEqual([["a", "string", "int", "—"]]));
    await run("PSETEX b 2500 hello");
    await waitFor(() =>
      expect(keyRows()).toEqual([
        ["a", "string", "int", "—"],
        ["b", "string", "embstr", "3 s"],
      ]),
    );
    await act(() => engine.advance(3000));
    await waitFor(() => expect(keyRows()).toEqual([["a", "string", "int", "—"]]));
  });

  it("follows the console's database", async () => {
    const { run } = await setup();
    await run("SET a 1");
    await waitFor(() => expect(keyRows()).toHaveLength(1));
    await run("SELECT 1");
    await waitFor(() => expect(screen.getByText("No keys in this database.")).toBeTruthy());
    expect(screen.getByText("db 1")).toBeTruthy();
    await run("SET other 1");
    await waitFor(() => expect(keyRows().map((r) => r[0])).toEqual(["other"]));
  });

  it("formats keys and TTLs for reading", () => {
    expect(displayKey("user:1")).toBe("user:1");
    expect(displayKey("h\xc3\xa9")).toBe("hé");
    expect(displayKey("a\x00b")).toBe('"a\\x00b"');
    expect(displayKey("\xff")).toBe('"\\xff"');
    expect(formatTtl({ ttlMs: null, expired: false })).toBe("—");
    expect(formatTtl({ ttlMs: 0, expired: true })).toBe("expired");
    expect(formatTtl({ ttlMs: 250, expired: false })).toBe("250 ms");
    expect(formatTtl({ ttlMs: 61_000, expired: false })).toBe("1 m 1 s");
    expect(formatTtl({ ttlMs: 7_200_000, expired: false })).toBe("2 h 0 m");
    expect(formatTtl({ ttlMs: 90_000_000, expired: false })).toBe("1 d 1 h");
  });
});
