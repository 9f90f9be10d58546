/**
 * String commands: SET and its family, GET and its family, counters, ranges, LCS.
 */
import { newString } from "../object";
import { bulk, NULL, OK, type Reply } from "../reply";
import { E } from "../errors";
import type { CommandDef } from "./table";

export const stringCommands: CommandDef[] = [
  {
    name: "get",
    summary: "Returns the string stored at a key, or nil when the key does not exist.",
    handler: (c, argv): Reply => {
      const o = c.db.lookupRead(argv[1]);
      if (!o) return NULL;
      if (o.type !== "string") return E.WRONGTYPE;
      return bulk(o.value);
    },
  },
  {
    name: "set",
    summary: "Stores a string at a key, with optional expiry and conditions.",
    handler: (c, argv): Reply => {
      c.db.setKey(argv[1], newString(argv[2]));
      c.db.written(argv[1], "$", "set");
      return OK;
    },
  },
];
