/**
 * Every error text the engine can reply with, worded exactly as Redis 7.0 words it.
 *
 * Tests assert these strings in full and the differential suite compares them byte for byte
 * with redis-server, so a handler never spells an error inline: it picks one from here.
 * Texts that carry a value are functions.
 */
import { err, type Reply } from "./reply";

export const E = {
  // Shared replies (server.c createSharedObjects)
  WRONGTYPE: err("WRONGTYPE Operation against a key holding the wrong kind of value"),
  NO_SUCH_KEY: err("ERR no such key"),
  SYNTAX: err("ERR syntax error"),
  OUT_OF_RANGE: err("ERR index out of range"),
  NOT_INTEGER: err("ERR value is not an integer or out of range"),
  NOT_FLOAT: err("ERR value is not a valid float"),
  OVERFLOW: err("ERR increment or decrement would overflow"),
  NAN_OR_INF: err("ERR increment would produce NaN or Infinity"),
  DB_OUT_OF_RANGE: err("ERR DB index is out of range"),
  STRING_TOO_LONG: err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
  OFFSET_OUT_OF_RANGE: err("ERR offset is out of range"),
  INVALID_CURSOR: err("ERR invalid cursor"),
  NOT_POSITIVE: err("ERR value is out of range, must be positive"),
  SAME_DB: err("ERR source and destination objects are the same"),
  NO_AUTH_PASSWORD: err(
    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
  ),
  WRONGPASS: err("WRONGPASS invalid username-password pair or user is disabled."),
  NOPROTO: err("NOPROTO unsupported protocol version"),
  SELECT_NOT_ALLOWED_IN_CLUSTER: err("ERR SELECT is not allowed in cluster mode"),
  LCS_NOT_STRINGS: err("ERR The specified keys must contain string values"),
  LCS_IDX_AND_LEN: err(
    "ERR If you want both the length and indexes, please just use IDX.",
  ),
  EXPIRE_OPTIONS_NX_XX_GT_LT: err(
    "ERR NX and XX, GT or LT options at the same time are not compatible",
  ),
  EXPIRE_OPTIONS_GT_LT: err("ERR GT and LT options at the same time are not compatible"),
  OBJECT_LFU_NOT_SELECTED: err(
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  ),
  OBJECT_LRU_NOT_SELECTED: err(
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  ),
  CLIENT_NAME_SPACES: err("ERR Client names cannot contain spaces, newlines or special characters."),
  CONFIG_SET_ARGS: err("ERR wrong number of arguments for 'config|set' command"),

  // -- strings family: add string command errors below this line --
  DECREMENT_OVERFLOW: err("ERR decrement would overflow"),
  LCS_TOO_LONG: err("ERR String too long for LCS"),
  LCS_TRANSIENT_TOO_BIG: err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
  LCS_ALLOC_FAILED: err("ERR Insufficient memory, failed allocating transient memory for LCS"),

  // -- keys and expiry family: add key/expire/object errors below this line --
  // getIntFromObjectOrReply (MOVE, COPY ... DB): a valid integer outside C's int.
  INT_OUT_OF_RANGE: err("ERR value is out of range, value must between -2147483648 and 2147483647"),
  // parseExtendedExpireArgumentsOrReply: the option as given (the edge keeps it on one line).
  unsupportedExpireOption: (opt: string): Reply => err(`ERR Unsupported option ${opt}`),

  // -- connection and server family: add connection/client/config/command errors below this line --
  NOAUTH: err("NOAUTH Authentication required."),
  HELLO_NOAUTH: err(
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
  ),
  HELLO_PROTOVER: err("ERR Protocol version is not an integer or out of range"),
  SWAPDB_FIRST: err("ERR invalid first DB index"),
  SWAPDB_SECOND: err("ERR invalid second DB index"),
  CONFIG_NO_FILE: err("ERR The server is running without a config file"),
  INVALID_CLIENT_ID: err("ERR Invalid client ID"),
  NO_SUCH_CLIENT: err("ERR No such client"),
  CLIENT_ID_POSITIVE: err("ERR client-id should be greater than 0"),
  GETKEYS_INVALID_COMMAND: err("ERR Invalid command specified"),
  GETKEYS_NO_KEYS: err("ERR The command has no key arguments"),
  GETKEYS_BAD_ARITY: err("ERR Invalid number of arguments specified for command"),
  GETKEYS_BAD_ARGS: err("ERR Invalid arguments specified for command"),

  // -- protocol: add RESP protocol errors below this line --
  // networking.c processInlineBuffer / processMultibulkBuffer; the connection closes after each.
  PROTO_TOO_BIG_INLINE: err("ERR Protocol error: too big inline request"),
  PROTO_UNBALANCED_QUOTES: err("ERR Protocol error: unbalanced quotes in request"),
  PROTO_TOO_BIG_MBULK_COUNT: err("ERR Protocol error: too big mbulk count string"),
  PROTO_INVALID_MBULK_LEN: err("ERR Protocol error: invalid multibulk length"),
  PROTO_UNAUTH_MBULK_LEN: err("ERR Protocol error: unauthenticated multibulk length"),
  PROTO_TOO_BIG_BULK_COUNT: err("ERR Protocol error: too big bulk count string"),
  PROTO_INVALID_BULK_LEN: err("ERR Protocol error: invalid bulk length"),
  PROTO_UNAUTH_BULK_LEN: err("ERR Protocol error: unauthenticated bulk length"),
  // networking.c acceptCommonHandler: sent raw before closing a connection over maxclients.
  MAX_CLIENTS: err("ERR max number of clients reached"),
} as const;

export const unknownCommand = (name: string, args: readonly string[]): Reply => {
  // server.c processCommand: the name is cut at 128 bytes, then each argument is quoted and
  // the list is cut once it reaches 128 bytes.
  let list = "";
  for (const a of args) {
    if (list.length >= 128) break;
    const room = 128 - list.length;
    list += `'${a.length > room ? a.slice(0, room) : a}' `;
  }
  return err(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${list}`);
};

export const wrongArity = (fullname: string): Reply =>
  err(`ERR wrong number of arguments for '${fullname}' command`);

export const unknownSubcommand = (sub: string, container: string): Reply =>
  err(`ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);

export const invalidExpireTime = (command: string): Reply =>
  err(`ERR invalid expire time in '${command}' command`);

export const configSetError = (param: string, reason: string): Reply =>
  err(`ERR CONFIG SET failed (possibly related to argument '${param}') - ${reason}`);

export const unknownConfigOption = (what: string): Reply =>
  err(`ERR Unknown option or number of arguments for CONFIG SET - '${what}'`);

/** Protocol error for a multibulk element that does not start with '$' (got one raw byte). */
export const protoExpectedDollar = (got: string): Reply =>
  err(`ERR Protocol error: expected '$', got '${got}'`);

/** HELLO with an option it does not know, or one missing its values. */
export const helloSyntax = (opt: string): Reply => err(`ERR Syntax error in HELLO option '${opt}'`);

/** CLIENT LIST TYPE / CLIENT KILL TYPE with a name that is not a client type. */
export const unknownClientType = (type: string): Reply => err(`ERR Unknown client type '${type}'`);

/** CLIENT KILL USER naming a user that does not exist. */
export const noSuchUser = (user: string): Reply => err(`ERR No such user '${user}'`);
