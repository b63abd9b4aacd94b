// Just enough TOML for lockfiles (Cargo.lock, poetry.lock, uv.lock, pylock.toml): tables in order, each with its keys'
// raw value text, read without a full TOML parser (no dependency for four fixed, tool-written formats). Arrays and
// inline tables may span lines (uv writes `dependencies = [` with one inline table per line); strings, and
// the brackets inside them, are skipped while counting. Every line is read once: linear in the file whatever it holds.

export interface RawTable {
  /** the header line as written, e.g. `[[package]]`, `[package.dev-dependencies]`; '' for the keys before any header */
  header: string;
  /** key → raw value text (joined lines for multi-line values) */
  values: Map<string, string>;
}

const KEY = /^([A-Za-z0-9_-]+|"[^"\\]*")\s*=\s*/;

export function rawTables(text: string): RawTable[] {
  const lines = text.split('\n');
  let cur: RawTable = { header: '', values: new Map() };
  const out: RawTable[] = [cur];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      cur = { header: withoutComment(line), values: new Map() };
      out.push(cur);
      continue;
    }
    const k = KEY.exec(line);
    if (!k) continue;
    let value = line.slice(k[0].length);
    // a value left open (array or inline table) continues on the next lines until its brackets balance
    let depth = balance(value, 0);
    while (depth > 0 && i + 1 < lines.length) {
      const next = lines[++i].trim();
      value += '\n' + next;
      depth = balance(next, depth);
    }
    const key = k[1].startsWith('"') ? k[1].slice(1, -1) : k[1];
    cur.values.set(key, value);
  }
  return out;
}

/** Bracket depth after `s`, starting at `depth`: strings and comments do not count. */
function balance(s: string, depth: number): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) i = stringEnd(s, i);
    else if (c === 0x23 /* # */) break;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return depth;
}

/** Index of the quote closing the string opened at `i` (or the last index: a string left open ends the line). */
function stringEnd(s: string, i: number): number {
  const q = s.charCodeAt(i);
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c /* \ */ && q === 0x22) j++;
    else if (c === q) return j;
  }
  return s.length;
}

function withoutComment(line: string): string {
  const hash = line.indexOf('#');
  return (hash >= 0 ? line.slice(0, hash) : line).trim();
}

/** A raw value that is a string ("basic" with the common escapes, or 'literal'), else undefined. */
export function tomlString(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length < 2) return undefined;
  const q = raw[0];
  if (q !== '"' && q !== "'") return undefined;
  const end = stringEnd(raw, 0);
  if (end >= raw.length) return undefined;
  const body = raw.slice(1, end);
  return q === "'" ? body : body.replace(/\\(["\\])/g, '$1');
}

/** The string-valued keys of an inline table (`{ registry = "…" }`, `{ editable = "." }`), nested ones included. */
export function inlineStrings(raw: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === undefined) return out;
  // a key starts after a non-key character: without the lookbehind every position inside a long run of key characters
  // would start a match that scans the rest of the run (quadratic)
  for (const m of raw.matchAll(/(?<![A-Za-z0-9_-])([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')/g)) if (!out.has(m[1])) out.set(m[1], m[2] ?? m[3]);
  return out;
}

/** The `name` of each inline table of an array such as `[{ name = "idna" }, { name = "sniffio", marker = "…" }]`. */
export function arrayNames(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return [...raw.matchAll(/\{\s*name\s*=\s*(?:"([^"\\\n]*)"|'([^'\n]*)')/g)].map((m) => m[1] ?? m[2]);
}
