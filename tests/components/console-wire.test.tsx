// @vitest-environment jsdom
/**
 * What travels on the wire, through the learner's eyes: the RESP bytes of each command and
 * reply (toggleable), raw mode where the learner types RESP and a malformed frame closes the
 * connection as Redis does, and the simulated round trip that makes N commands, one pipeline
 * and one MGET cost different totals.
 */
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPlayground } from "./console-fixture";

const wire = (id: "wire-sent" | "wire-received") => screen.queryAllByTestId(id).map((e) => e.textContent);

describe("the wire view", () => {
  it("shows the RESP bytes sent and received per command when turned on", async () => {
    const { user, run } = await renderPlayground();
    await run("SET a 1");
    expect(wire("wire-sent")).toEqual([]);
    await user.click(screen.getByRole("checkbox", { name: "Wire view" }));
    expect(wire("wire-sent")).toEqual(["→ *3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\na\\r\\n$1\\r\\n1\\r\\n"]);
    expect(wire("wire-received")).toEqual(["← +OK\\r\\n"]);
    await run("HSET h f v");
    await run("HELLO 3");
    await run("HGETALL h");
    await run("GET nosuch");
    const received = wire("wire-received");
    expect(received[1]).toBe("← :1\\r\\n");
    // After HELLO 3 the reply is encoded in RESP3: a map, and the RESP3 null.
    expect(received[3]).toBe("← %1\\r\\n$1\\r\\nf\\r\\n$1\\r\\nv\\r\\n");
    expect(received[4]).toBe("← _\\r\\n");
    await user.click(screen.getByRole("checkbox", { name: "Wire view" }));
    expect(wire("wire-received")).toEqual([]);
  });
});

describe("raw RESP mode", () => {
  it("sends typed RESP through Redis' parser; a malformed frame gets the protocol error and closes the connection", async () => {
    const { engine, user, run, lines } = await renderPlayground();
    await run("CLIENT ID");
    const firstId = Number(lines()[1]!.replace("(integer) ", ""));
    await user.click(screen.getByRole("checkbox", { name: "Raw RESP" }));
    expect(screen.getByText("RESP>")).toBeTruthy();
    await run("*1\\r\\n$4\\r\\nPING\\r\\n");
    await run("PING");
    // A frame may come in pieces; Enter adds \r\n only when the line does not end with \n.
    await run("*2\\r\\n$4\\r\\nECHO\\r\\n");
    await run("$5\\r\\nhello\\r\\n");
    expect(lines().slice(2)).toEqual([
      "RESP> *1\\r\\n$4\\r\\nPING\\r\\n",
      "+PONG\\r\\n",
      "RESP> PING",
      "+PONG\\r\\n",
      "RESP> *2\\r\\n$4\\r\\nECHO\\r\\n",
      expect.stringMatching(/^\(\d+ bytes buffered: the frame is not complete yet\)$/),
      "RESP> $5\\r\\nhello\\r\\n",
      "$5\\r\\nhello\\r\\n",
    ]);
    expect(engine.server.clients.has(firstId)).toBe(true);
    await run("*1\\r\\nPING\\r\\n");
    expect(lines().slice(-3)).toEqual([
      "RESP> *1\\r\\nPING\\r\\n",
      "-ERR Protocol error: expected '$', got 'P'\\r\\n",
      "Connection closed by the server (protocol error). The next line opens a new connection.",
    ]);
    await waitFor(() => expect(engine.server.clients.has(firstId)).toBe(false));
    // The next line is a new connection.
    await user.click(screen.getByRole("checkbox", { name: "Raw RESP" }));
    await run("CLIENT ID");
    expect(Number(lines().at(-1)!.replace("(integer) ", ""))).toBeGreaterThan(firstId);
  });
});

describe("round-trip time", () => {
  it("adds one simulated round trip per request: N GETs, one pipeline and one MGET cost different totals", async () => {
    // Engine time is pinned to 0 so the totals are exactly the round trips.
    const { run, paste, lines, shown } = await renderPlayground({}, { perfNow: () => 0 });
    const slider = screen.getByRole("slider", { name: "Round-trip time (ms)" });
    fireEvent.change(slider, { target: { value: "20" } });
    expect(screen.getByText("20 ms")).toBeTruthy();
    expect(screen.getByText(/simulated/)).toBeTruthy();
    const tabTotal = () => screen.getByLabelText("Tab time total").textContent;
    const times = () => Array.from(shown().region.querySelectorAll('[data-testid="reply-time"]')).map((e) => e.textContent);

    await run("MSET a 1 b 2 c 3");
    await run("CLEAR");
    expect(tabTotal()).toBe("this tab: 0.00 ms");
    await run("GET a");
    await run("GET b");
    await run("GET c");
    expect(times()).toEqual(["20.0 ms", "20.0 ms", "20.0 ms"]);
    expect(tabTotal()).toBe("this tab: 60.0 ms");

    await run("clear");
    await paste("GET a\nGET b\nGET c", 3);
    expect(lines().at(-1)).toBe(
      "pipeline: 3 commands sent together, 1 round trip — total 20.0 ms (simulated round trip 20 ms + engine time)",
    );
    expect(times()).toEqual(["20.0 ms", "0.00 ms", "0.00 ms"]);
    expect(tabTotal()).toBe("this tab: 20.0 ms");

    await run("clear");
    await run("MGET a b c");
    expect(times()).toEqual(["20.0 ms"]);
    expect(tabTotal()).toBe("this tab: 20.0 ms");
  });
});

describe("CLIENT REPLY", () => {
  it("prints nothing for replies the server does not send (OFF, SKIP), as redis-cli shows nothing", async () => {
    const { run, lines } = await renderPlayground();
    await run("CLIENT REPLY SKIP");
    await run("SET a 1");
    await run("GET a");
    await run("CLIENT REPLY OFF");
    await run("INCR a");
    await run("CLIENT REPLY ON");
    await run("GET a");
    expect(lines()).toEqual([
      "127.0.0.1:6379> CLIENT REPLY SKIP",
      "127.0.0.1:6379> SET a 1",
      "127.0.0.1:6379> GET a",
      '"1"',
      "127.0.0.1:6379> CLIENT REPLY OFF",
      "127.0.0.1:6379> INCR a",
      "127.0.0.1:6379> CLIENT REPLY ON",
      "OK",
      "127.0.0.1:6379> GET a",
      '"2"',
    ]);
  });
});
