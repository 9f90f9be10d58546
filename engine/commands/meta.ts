/**
 * The shape of a command's facts: arity, flags, key specs, ACL categories, docs arguments.
 *
 * These facts are generated from redis-server 7.0.15's own COMMAND INFO and COMMAND DOCS by
 * scripts/gen-command-meta.ts into meta.generated.ts, so that dispatch, COMMAND, REPL hints and
 * (later) cluster slot checks all read what real Redis declares. Prose (summaries, history) is
 * not taken: summaries are written by us beside each handler.
 */
export type BeginSearch =
  | { type: "index"; index: number }
  | { type: "keyword"; keyword: string; startfrom: number }
  | { type: "unknown" };

export type FindKeys =
  | { type: "range"; lastkey: number; keystep: number; limit: number }
  | { type: "keynum"; keynumidx: number; firstkey: number; keystep: number }
  | { type: "unknown" };

export interface KeySpec {
  notes?: string;
  flags: string[];
  begin_search: BeginSearch;
  find_keys: FindKeys;
}

export interface ArgSpec {
  name: string;
  type: string;
  display_text?: string;
  key_spec_index?: number;
  token?: string;
  since?: string;
  flags?: string[];
  deprecated_since?: string;
  value?: string;
  arguments?: ArgSpec[];
}

export interface CommandMeta {
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  acl: string[];
  tips: string[];
  keySpecs: KeySpec[];
  group: string;
  since: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  arguments?: ArgSpec[];
  subcommands?: Record<string, CommandMeta>;
}
