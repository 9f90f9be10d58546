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
  // -- hashes family (and SORT) --
  HASH_VALUE_NOT_INTEGER: err("ERR hash value is not an integer"),
  HASH_VALUE_NOT_FLOAT: err("ERR hash value is not a float"),
  // HINCRBYFLOAT refuses an infinite increment before touching the key.
  VALUE_NAN_OR_INF: err("ERR value is NaN or Infinity"),
  // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): HRANDFIELD's count.
  LONG_RANGE: err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
  // HRANDFIELD ... WITHVALUES: a count whose reply length (count * 2) would overflow.
  VALUE_OUT_OF_RANGE: err("ERR value is out of range"),
  // Not a Redis error: Redis would try to build a reply of billions of elements (and run out
  // of memory); the playground refuses past this many instead of freezing the tab.
  RANDOM_SAMPLE_TOO_BIG: err("ERR the playground does not build replies of more than 1000000 random elements"),
  SORT_NOT_DOUBLE: err("ERR One or more scores can't be converted into double"),
  // -- sets family --
  // SINTERCARD: numkeys (getRangeLongFromObjectOrReply with a message: also for a non-integer), LIMIT.
  SINTERCARD_NUMKEYS: err("ERR numkeys should be greater than 0"),
  SINTERCARD_TOO_MANY_KEYS: err("ERR Number of keys can't be greater than number of args"),
  SINTERCARD_LIMIT: err("ERR LIMIT can't be negative"),
  // -- geo family --
  GEO_UNIT: err("ERR unsupported unit provided. please use M, KM, FT, MI"),
  GEO_NEED_RADIUS: err("ERR need numeric radius"),
  GEO_NEED_WIDTH: err("ERR need numeric width"),
  GEO_NEED_HEIGHT: err("ERR need numeric height"),
  GEO_RADIUS_NEGATIVE: err("ERR radius cannot be negative"),
  GEO_BOX_NEGATIVE: err("ERR height or width cannot be negative"),
  GEO_COUNT_NOT_POSITIVE: err("ERR COUNT must be > 0"),
  GEO_ANY_NEEDS_COUNT: err("ERR the ANY argument requires COUNT argument"),
  GEO_NO_MEMBER: err("ERR could not decode requested zset member"),
  GEO_STORE_WITH_OPTIONS: err("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"),
  GEOSEARCHSTORE_WITH_OPTIONS: err("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"),
  // "%f,%f" of the parsed numbers; the texts are formatted by the caller.
  geoInvalidPair: (lon: string, lat: string): Reply => err(`ERR invalid longitude,latitude pair ${lon},${lat}`),
  // The command name as the client typed it (argv[0]), not lowercased.
  geoNeedsFrom: (cmd: string): Reply => err(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cmd}`),
  geoNeedsBy: (cmd: string): Reply => err(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${cmd}`),
  // -- bitmaps family --
  BIT_OFFSET: err("ERR bit offset is not an integer or out of range"),
  BIT_VALUE: err("ERR bit is not an integer or out of range"),
  BITPOS_BIT: err("ERR The bit argument must be 1 or 0."),
  BITOP_NOT_ONE_KEY: err("ERR BITOP NOT must be called with a single source key."),
  BITFIELD_TYPE: err("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."),
  BITFIELD_OVERFLOW: err("ERR Invalid OVERFLOW type specified"),
  BITFIELD_RO_GET_ONLY: err("ERR BITFIELD_RO only supports the GET subcommand"),
  // -- lists family (and DEBUG) --
  // LPOS options (getPositiveLongFromObjectOrReply with a message: also for a non-integer).
  LPOS_RANK_ZERO: err(
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  ),
  LPOS_COUNT_NEGATIVE: err("ERR COUNT can't be negative"),
  LPOS_MAXLEN_NEGATIVE: err("ERR MAXLEN can't be negative"),
  // LMPOP / BLMPOP: numkeys and COUNT (getRangeLongFromObjectOrReply with a message).
  MPOP_NUMKEYS: err("ERR numkeys should be greater than 0"),
  MPOP_COUNT: err("ERR count should be greater than 0"),
  // processCommand: DEBUG refused by enable-debug-command (checked before authentication).
  DEBUG_NOT_ALLOWED: err(
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  ),
  // addReplySubcommandSyntaxError: the subcommand as typed, the command name upper-cased.
  subcommandSyntax: (sub: string, cmd: string): Reply =>
    err(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`),
  // -- hyperloglog family --
  // isHLLObjectOrReply: a string that is not an HLL (a non-string key gets plain WRONGTYPE).
  HLL_WRONGTYPE: err("WRONGTYPE Key is not a valid HyperLogLog string value."),
  HLL_CORRUPT: err("INVALIDOBJ Corrupted HLL object detected"),
  PFDEBUG_NO_KEY: err("ERR The specified key does not exist"),
  PFDEBUG_NOT_SPARSE: err("ERR HLL encoding is not sparse"),
  // The subcommand as a C string: it ends at the first NUL byte.
  pfdebugUnknown: (sub: string): Reply => err(`ERR Unknown PFDEBUG subcommand '${sub.split("\0")[0]}'`),
  // -- sorted sets family --
  ZADD_XX_NX: err("ERR XX and NX options at the same time are not compatible"),
  ZADD_GT_LT_NX: err("ERR GT, LT, and/or NX options at the same time are not compatible"),
  ZADD_INCR_PAIRS: err("ERR INCR option supports a single increment-element pair"),
  ZSET_NAN: err("ERR resulting score is not a number (NaN)"),
  ZSET_MINMAX_FLOAT: err("ERR min or max is not a float"),
  ZSET_MINMAX_LEX: err("ERR min or max not valid string range item"),
  ZRANGE_LIMIT: err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
  ZRANGE_WITHSCORES_BYLEX: err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"),
  ZSET_WEIGHT: err("ERR weight value is not a float"),
  // zunionInterDiffGenericCommand: numkeys < 1, with the command's full name.
  zsetNeedsKey: (fullname: string): Reply => err(`ERR at least 1 input key is needed for '${fullname}' command`),
  // -- blocking family --
  // getTimeoutFromObjectOrReply (seconds, parsed as a long double).
  TIMEOUT_NOT_FLOAT: err("ERR timeout is not a float or out of range"),
  TIMEOUT_NEGATIVE: err("ERR timeout is negative"),
  // CLIENT UNBLOCK: the reason word, and what the unblocked client gets with ERROR.
  CLIENT_UNBLOCK_REASON: err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
  UNBLOCKED: err("UNBLOCKED client unblocked via CLIENT UNBLOCK"),
  // -- transactions family --
  MULTI_NESTED: err("ERR MULTI calls can not be nested"),
  WATCH_IN_MULTI: err("ERR WATCH inside MULTI is not allowed"),
  EXEC_WITHOUT_MULTI: err("ERR EXEC without MULTI"),
  DISCARD_WITHOUT_MULTI: err("ERR DISCARD without MULTI"),
  EXECABORT: err("EXECABORT Transaction discarded because of previous errors."),
  NOT_IN_MULTI: err("ERR Command not allowed inside a transaction"),
  // -- streams family --
  STREAM_ID_INVALID: err("ERR Invalid stream ID specified as stream command argument"),
  XADD_ID_ZERO: err("ERR The ID specified in XADD must be greater than 0-0"),
  XADD_ID_SMALL: err("ERR The ID specified in XADD is equal or smaller than the target stream top item"),
  XADD_EXHAUSTED: err("ERR The stream has exhausted the last possible ID, unable to add more items"),
  XTRIM_BOTH: err("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"),
  XTRIM_MAXLEN_NEG: err("ERR The MAXLEN argument must be >= 0."),
  XTRIM_LIMIT_NEG: err("ERR The LIMIT argument must be >= 0."),
  XTRIM_LIMIT_NO_STRATEGY: err("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"),
  XTRIM_NO_STRATEGY: err("ERR syntax error, XTRIM must be called with a trimming strategy"),
  XTRIM_LIMIT_EXACT: err("ERR syntax error, LIMIT cannot be used without the special ~ option"),
  XRANGE_START: err("ERR invalid start ID for the interval"),
  XRANGE_END: err("ERR invalid end ID for the interval"),
  XREAD_UNBALANCED: err("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."),
  XREAD_GROUP_OPT: err("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."),
  XREAD_NOACK_OPT: err("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."),
  XREADGROUP_NO_GROUP: err("ERR Missing GROUP option for XREADGROUP"),
  XREADGROUP_DOLLAR: err(
    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.",
  ),
  XREAD_GT: err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."),
  XGROUP_NO_KEY: err(
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.",
  ),
  XGROUP_ENTRIESREAD: err("ERR value for ENTRIESREAD must be positive or -1"),
  BUSYGROUP: err("BUSYGROUP Consumer Group name already exists"),
  XSETID_ENTRIES_ADDED: err("ERR entries_added must be positive"),
  XSETID_MAX_DELETED: err("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"),
  XSETID_SMALL: err("ERR The ID specified in XSETID is smaller than the target stream top item"),
  XSETID_LENGTH: err("ERR The entries_added specified in XSETID is smaller than the target stream length"),
  XCLAIM_MIN_IDLE: err("ERR Invalid min-idle-time argument for XCLAIM"),
  XCLAIM_IDLE: err("ERR Invalid IDLE option argument for XCLAIM"),
  XCLAIM_TIME: err("ERR Invalid TIME option argument for XCLAIM"),
  XCLAIM_RETRYCOUNT: err("ERR Invalid RETRYCOUNT option argument for XCLAIM"),
  XAUTOCLAIM_MIN_IDLE: err("ERR Invalid min-idle-time argument for XAUTOCLAIM"),
  XPENDING_IDLE_NEG: err("ERR Invalid IDLETIME value, must be >= 0"),
  COUNT_POSITIVE: err("ERR COUNT must be > 0"),
  // getTimeoutFromObjectOrReply in milliseconds (XREAD BLOCK).
  TIMEOUT_NOT_INTEGER: err("ERR timeout is not an integer or out of range"),
  NOGROUP_BLOCKED: err("NOGROUP the consumer group this client was blocked on no longer exists"),
  noGroupRead: (key: string, group: string): Reply =>
    err(`NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`),
  noGroupFor: (group: string, key: string): Reply => err(`NOGROUP No such consumer group '${group}' for key name '${key}'`),
  noGroup: (key: string, group: string): Reply => err(`NOGROUP No such key '${key}' or consumer group '${group}'`),
  xclaimUnknownOption: (opt: string): Reply => err(`ERR Unrecognized XCLAIM option '${opt}'`),
  // -- latency family: add SLOWLOG/LATENCY errors below this line --
  // SLOWLOG GET: getRangeLongFromObjectOrReply with a message (also for a non-integer).
  SLOWLOG_COUNT: err("ERR count should be greater than or equal to -1"),
  // -- client pause family: add CLIENT PAUSE/NO-EVICT/... errors below this line --
  CLIENT_PAUSE_MODE: err("ERR CLIENT PAUSE mode must be WRITE or ALL"),
  // -- monitor family --
  REPLICA_KEYSPACE: err("ERR Replica can't interact with the keyspace"),
  MONITOR_DENY_BLOCKING: err("ERR MONITOR isn't allowed for DENY BLOCKING client"),
  // -- debug reload family (h-debug-reload): add DEBUG RELOAD errors below this line --
  DEBUG_RELOAD_OPTION: err("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."),
  RDB_LOAD_FAILED: err("ERR Error trying to load the RDB dump"),
  // -- memory family: add MEMORY/maxmemory errors below this line --
  OOM: err("OOM command not allowed when used memory > 'maxmemory'."),
  // -- scripting family: add EVAL/SCRIPT/Lua errors below this line --
  NO_LUA_VM: err("ERR Lua scripting is not available: this instance has no Lua VM loaded"),
  NOSCRIPT: err("NOSCRIPT No matching script. Please use EVAL."),
  NOTBUSY: err("NOTBUSY No scripts in execution right now."),
  BUSY_SCRIPT: err("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."),
  BUSY_FUNCTION: err("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."),
  UNKILLABLE: err(
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.",
  ),
  NO_SHUTDOWN_IN_PROGRESS: err("ERR No shutdown in progress."),
  SHUTDOWN_FAILED: err("ERR Errors trying to SHUTDOWN. Check logs."),
  NUMKEYS_TOO_BIG: err("ERR Number of keys can't be greater than number of args"),
  NUMKEYS_NEGATIVE: err("ERR Number of keys can't be negative"),
  SCRIPT_FLUSH_MODE: err("ERR SCRIPT FLUSH only support SYNC|ASYNC option"),
  SCRIPT_DEBUG_MODE: err("ERR Use SCRIPT DEBUG YES/SYNC/NO"),
  SCRIPT_DEBUG_UNSUPPORTED: err("ERR SCRIPT DEBUG YES/SYNC (the Lua debugger) is not available in the playground"),
  SCRIPT_RO_WITH_WRITE_FLAG: err("ERR Can not execute a script with write flag using *_ro command."),
  SCRIPT_INVALID_SHEBANG: err("ERR Invalid script shebang"),
  SCRIPT_INVALID_ENGINE: err("ERR Invalid engine in script shebang"),
  FUNCTION_NOT_FOUND: err("ERR Function not found"),
  FUNCTION_BAD_NUMKEYS: err("ERR Bad number of keys provided"),
  FUNCTION_LIBRARY_NOT_FOUND: err("ERR Library not found"),
  FUNCTION_LIST_NO_NAME: err("ERR library name argument was not given"),
  FUNCTION_FLUSH_MODE: err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option"),
  FUNCTION_RESTORE_POLICY: err("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE."),
  FUNCTION_RESTORE_PAYLOAD: err("ERR DUMP payload version or checksum are wrong"),
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

// -- pubsub family --
/** SSUBSCRIBE queued in MULTI: EXEC runs it as a DENY BLOCKING client, which 7.0 refuses. */
export const SSUBSCRIBE_DENY_BLOCKING = err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
/** processCommand: a RESP2 connection in subscribed mode running anything else. */
export const subscribedModeError = (fullname: string): Reply =>
  err(`ERR Can't execute '${fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);

// -- transactions family --
/** execCommandAbort: a rejected EXEC; reasons built by rejectCommandFormat carry no "ERR ". */
export const execAbort = (reason: string): { t: "error"; v: string } => ({
  t: "error",
  v: `EXECABORT Transaction discarded because of: ${reason.startsWith("ERR ") ? reason.slice(4) : reason}`,
});

// -- latency family --
/** LATENCY GRAPH of an event that has no samples. */
export const noLatencySamples = (event: string): Reply => err(`ERR No samples available for event '${event}'`);
/** DEBUG POPULATE past the playground's cap (our own text: real Redis has no such limit). */
export const debugPopulateLimit = (max: number): Reply =>
  err(`ERR DEBUG POPULATE is limited to ${max} keys in the playground profile`);

// -- scripting family --
export const shebangUnexpectedEngine = (engine: string): Reply => err(`ERR Unexpected engine in script shebang: ${engine}`);
export const shebangUnexpectedFlag = (flag: string): Reply => err(`ERR Unexpected flag in script shebang: ${flag}`);
export const shebangUnknownOption = (opt: string): Reply => err(`ERR Unknown lua shebang option: ${opt}`);
export const scriptCompileError = (message: string): Reply => err(`ERR Error compiling script (new function): ${message}`);
/** Texts redis.call raises (script.c / script_lua.c); the script's error adds where it happened. */
export const SCRIPT_CALL_ERRORS = {
  NO_ARGS: "ERR Please specify at least one argument for this redis lib call",
  UNKNOWN: "ERR Unknown Redis command called from script",
  ARITY: "ERR Wrong number of args calling Redis command from script",
  NOSCRIPT: "ERR This Redis command is not allowed from script",
  WRITE_IN_RO: "ERR Write commands are not allowed from read-only scripts.",
  ARG_TYPE: "ERR Lua redis lib command arguments must be strings or integers",
  KILLED: "ERR Script killed by user with SCRIPT KILL...",
} as const;
/** XREAD / XREADGROUP with BLOCK from a script (the name as the script spelled it). */
export const scriptXreadBlock = (name: string): Reply => err(`ERR ${name} command is not allowed with BLOCK option from scripts`);
/** The Lua VM died under a script (out of memory): our own text, Redis has no such case. */
export const scriptVmFailed = (why: string, name: string): Reply =>
  err(`ERR Script aborted: the Lua VM failed (${why}) and is being restarted script: ${name}`);
/** The fuel stand-in for busy scripts ran out: our own text (Redis would answer others BUSY). */
export const scriptOutOfTime = (ms: number): string =>
  `ERR Script stopped after about ${ms} ms (busy-reply-threshold): this instance cannot run a script beside other clients, so a script may not run longer`;
/** FUNCTION LOAD's refusals (functions.c), without their "ERR " (Error registering nests them). */
export const FUNCTION_LOAD_ERRORS = {
  MISSING_METADATA: "Missing library metadata",
  INVALID_METADATA: "Invalid library metadata",
  NAME_TWICE: "Invalid metadata value, name argument was given multiple times",
  NO_NAME: "Library name was not given",
  BAD_NAME: "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
  NO_FUNCTIONS: "No functions registered",
  TIMEOUT: "ERR FUNCTION LOAD timeout",
} as const;
export const functionMetadataValue = (part: string): string => `Invalid metadata value given: ${part}`;
export const functionEngineNotFound = (engine: string): string => `Engine '${engine}' not found`;
export const functionLibraryExists = (name: string): string => `Library '${name}' already exists`;
export const functionCompileError = (message: string): string => `Error compiling function: ${message}`;
export const functionExists = (name: string): string => `Function ${name} already exists`;
export const functionRegistering = (message: string): string => `Error registering functions: ${message}`;
export const functionVmFailed = (why: string): string => `Library load aborted: the Lua VM failed (${why}) and is being restarted`;
// -- FUNCTION RESTORE's payload and join errors --
export const FUNCTION_RESTORE_ERRORS = {
  // The byte where a library's opcode belongs is something else (RDB_OPCODE_FUNCTION2 expected).
  NOT_A_FUNCTION: "given type is not a function",
  // A library's code string is cut short or badly encoded (rdbFunctionLoad).
  BAD_LIBRARY_PAYLOAD: "Failed loading library payload",
} as const;
/** libraryJoin (APPEND, REPLACE): unlike FUNCTION LOAD's, the name is not quoted. */
export const functionRestoreLibraryExists = (name: string): string => `Library ${name} already exists`;
export const functionListArgument = (arg: string): Reply => err(`ERR Unknown argument ${arg}`);
export const functionLoadOption = (opt: string): Reply => err(`ERR Unknown option given: ${opt}`);
/** A script error as the caller gets it: the message, then where the script stopped. */
export const scriptError = (message: string, name: string, line: number, chunk = "user_script"): Reply =>
  err(`${message} script: ${name}, on @${chunk}:${line}.`);

// -- playground limits family (engine/limits.ts): our own texts, worded as Redis words errors --
/** A reply with more elements than playground-max-reply-elements allows. */
export const replyTooLarge = (what: string, limit: number, hint: string): Reply =>
  err(`ERR reply too large for the playground: ${what} (limit ${limit}); ${hint}`);
/** With maxmemory 0, a single value past the playground's hard cap. */
export const valueTooLarge = (bytes: number, limit: number): Reply =>
  err(`ERR value too large for the playground: ${bytes} bytes (limit ${limit} while maxmemory is 0)`);

// -- debug reload family (h-debug-reload): our own text where Redis would crash --
/** DEBUG RELOAD NOFLUSH without MERGE meeting a key both in memory and in the RDB: Redis panics. */
export const rdbDuplicateKey = (key: string, db: number): Reply =>
  err(
    `ERR RDB has duplicated key '${key}' in DB ${db}: Redis would panic here ("Duplicated key found in RDB file"); the playground changed nothing. Add MERGE to let the file's keys win`,
  );
