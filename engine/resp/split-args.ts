/**
 * Splits a command line into arguments exactly as Redis' sdssplitargs does. Redis uses it for
 * inline commands sent over the wire (telnet), and redis-cli uses it for what the user types,
 * so the REPL and the TCP server share this one function.
 *
 * Inside "double quotes": \n \r \t \b \a, \xHH and \<any> escapes. Inside 'single quotes': only
 * \' is an escape. A closing quote must be followed by a space or the end. Returns null for
 * unbalanced quotes (Redis: "Protocol error: unbalanced quotes in request"; redis-cli:
 * "Invalid argument(s)"). Input and output are byte strings; a NUL byte ends the line, as it
 * ends the C string Redis reads.
 */
const isSpace = (ch: string) => ch === " " || ch === "\n" || ch === "\r" || ch === "\t" || ch === "\v" || ch === "\f";
const isHex = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);

export function splitArgs(line: string): string[] | null {
  const nul = line.indexOf("\0");
  const s = nul === -1 ? line : line.slice(0, nul);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) return out;
    let inDouble = false;
    let inSingle = false;
    let current = "";
    for (let done = false; !done; ) {
      const ch = s[i];
      if (inDouble) {
        if (ch === undefined) return null;
        if (ch === "\\" && s[i + 1] === "x" && isHex(s[i + 2]) && isHex(s[i + 3])) {
          current += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === "\\" && i + 1 < s.length) {
          i++;
          const e = s[i];
          current += e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e === "b" ? "\b" : e === "a" ? "\x07" : e;
        } else if (ch === '"') {
          if (i + 1 < s.length && !isSpace(s[i + 1])) return null;
          done = true;
        } else {
          current += ch;
        }
      } else if (inSingle) {
        if (ch === undefined) return null;
        if (ch === "\\" && s[i + 1] === "'") {
          i++;
          current += "'";
        } else if (ch === "'") {
          if (i + 1 < s.length && !isSpace(s[i + 1])) return null;
          done = true;
        } else {
          current += ch;
        }
      } else if (ch === undefined || isSpace(ch)) {
        done = true;
      } else if (ch === '"') {
        inDouble = true;
      } else if (ch === "'") {
        inSingle = true;
      } else {
        current += ch;
      }
      if (i < s.length) i++;
    }
    out.push(current);
  }
}
