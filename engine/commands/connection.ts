/**
 * Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH (CLIENT is in clients.ts).
 */
import type { Client } from "../client";
import { PubSub } from "../pubsub";
import { discardTransaction } from "../multi";
import { stopMonitor } from "../monitor";
import { E, helloSyntax, wrongArity } from "../errors";
import { arr, bulk, EMPTY_ARRAY, int, map, OK, PONG, simple, type Reply } from "../reply";
import { is, parseInt64 } from "./args";
import { clientCommand, validClientName } from "./clients";
import type { CommandDef } from "./table";

/** The Redis version the engine answers as (HELLO, INFO). */
export const REDIS_VERSION = "7.0.15";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Checks a username and password as Redis' ACLAuthenticateUser does for the only user there
 * is so far, "default": without requirepass it takes any password (nopass), with it only
 * that one. Success authenticates the client; failure leaves it as it was.
 */
function authenticate(c: Client, user: string, pass: string): boolean {
  if (user !== "default") return false;
  const required = c.server.config.get("requirepass");
  if (required !== "" && pass !== required) return false;
  c.user = user;
  c.authenticated = true;
  return true;
}

/** The HELLO reply: who answers and how this connection now talks. */
function helloReply(c: Client): Reply {
  return map([
    bulk("server"),
    bulk("redis"),
    bulk("version"),
    bulk(REDIS_VERSION),
    bulk("proto"),
    int(c.resp),
    bulk("id"),
    int(c.id),
    bulk("mode"),
    bulk("standalone"),
    // Replication will report "replica" here.
    bulk("role"),
    bulk("master"),
    bulk("modules"),
    EMPTY_ARRAY,
  ]);
}

export const connectionCommands: CommandDef[] = [
  {
    name: "ping",
    summary: "Checks that the server answers; replies PONG, or echoes the argument given.",
    handler: (c, argv): Reply => {
      if (argv.length > 2) return wrongArity("ping");
      // A RESP2 connection in subscribed mode gets ["pong", <arg or "">] instead.
      if (c.resp === 2 && PubSub.subscribed(c)) return arr([bulk("pong"), bulk(argv[1] ?? "")]);
      return argv.length === 2 ? bulk(argv[1]) : PONG;
    },
  },
  {
    name: "echo",
    summary: "Replies with the message it was given.",
    handler: (_c, argv) => bulk(argv[1]),
  },
  {
    name: "select",
    summary: "Switches this connection to another numbered database (0 to 15 by default).",
    handler: (c, argv) => {
      const id = parseInt64(argv[1]);
      if (id === null) return E.NOT_INTEGER;
      if (typeof id === "bigint" || id < INT_MIN || id > INT_MAX) return E.INT_OUT_OF_RANGE;
      if (c.server.config.num("cluster-enabled") && id !== 0) return E.SELECT_NOT_ALLOWED_IN_CLUSTER;
      if (id < 0 || id >= c.server.dbs.length) return E.DB_OUT_OF_RANGE;
      c.db = c.server.dbs[id];
      return OK;
    },
  },
  {
    name: "quit",
    summary: "Asks the server to close this connection once it has replied OK.",
    handler: (c) => {
      c.closeAfterReply = true;
      return OK;
    },
  },
  {
    name: "reset",
    summary: "Returns this connection to its initial state: database 0, RESP2, no name, default user.",
    handler: (c) => {
      // Redis' clearClientConnectionState. MULTI, WATCH, subscriptions, tracking and
      // CLIENT REPLY are cleared here too as those features land.
      discardTransaction(c);
      c.db = c.server.dbs[0];
      c.resp = 2;
      c.user = "default";
      c.authenticated = c.server.config.get("requirepass") === "";
      c.name = "";
      c.server.pubsub.forget(c);
      stopMonitor(c);
      c.replyOff = c.replySkipNext = false;
      // 7.0 keeps CLIENT NO-EVICT across RESET (later versions clear it).
      return simple("RESET");
    },
  },
  {
    name: "hello",
    summary: "Picks the protocol version (2 or 3), optionally authenticating and naming the connection.",
    handler: (c, argv) => {
      let ver = 0;
      if (argv.length >= 2) {
        const v = parseInt64(argv[1]);
        if (v === null) return E.HELLO_PROTOVER;
        if (v !== 2 && v !== 3) return E.NOPROTO;
        ver = v;
      }
      // Redis 7.0 acts on each option as it reads it: a name or a login stays in effect even
      // when a later option is refused, or when the client turns out not to be authenticated.
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        if (is(argv[j], "auth") && more >= 2) {
          if (!authenticate(c, argv[j + 1], argv[j + 2])) return E.WRONGPASS;
          j += 2;
        } else if (is(argv[j], "setname") && more >= 1) {
          if (!validClientName(argv[j + 1])) return E.CLIENT_NAME_SPACES;
          c.name = argv[j + 1];
          j++;
        } else {
          return helloSyntax(argv[j]);
        }
      }
      if (c.server.authRequired(c)) return E.HELLO_NOAUTH;
      if (ver) c.resp = ver as 2 | 3;
      return helloReply(c);
    },
  },
  {
    name: "auth",
    summary: "Authenticates this connection with a password, or a username and password.",
    handler: (c, argv) => {
      if (argv.length > 3) return E.SYNTAX;
      if (argv.length === 2) {
        // The one-argument form only makes sense when the default user has a password.
        if (c.server.config.get("requirepass") === "") return E.NO_AUTH_PASSWORD;
        return authenticate(c, "default", argv[1]) ? OK : E.WRONGPASS;
      }
      return authenticate(c, argv[1], argv[2]) ? OK : E.WRONGPASS;
    },
  },
  clientCommand,
];
