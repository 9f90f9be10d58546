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
    "ERR An LRU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  ),
  CLIENT_NAME_SPACES: err("ERR Client names cannot contain spaces, newlines or special characters."),
  CONFIG_SET_ARGS: err("ERR wrong number of arguments for 'config|set' command"),

  // -- strings family: add string command errors below this line --

  // -- keys and expiry family: add key/expire/object errors below this line --

  // -- connection and server family: add connection/client/config/command errors below this line --

  // -- protocol: add RESP protocol errors below this line --
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
