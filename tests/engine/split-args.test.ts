import { expect, it } from "vitest";
import { splitArgs } from "../../engine/resp/split-args";
it("x", () => {
  expect(splitArgs('set a "b c"')).toEqual(["set","a","b c"]);
  expect(splitArgs("set 'it\\'s' \"\\x41\\n\"")).toEqual(["set","it's","A\n"]);
  expect(splitArgs('set "a"b')).toBeNull();
  expect(splitArgs('set "ab')).toBeNull();
  expect(splitArgs('  ')).toEqual([]);
  expect(splitArgs('a""')).toEqual(["a"]);
});
