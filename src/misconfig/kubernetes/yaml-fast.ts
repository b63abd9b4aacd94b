// A fast reader for the plain subset of YAML that Kubernetes manifests are written in: block maps and sequences,
// flow collections, plain and quoted scalars, literal block scalars and comments, resolved with the YAML 1.2 core
// schema exactly as the `yaml` library resolves them. It returns the documents' plain values plus, per document,
// a position tree (offsets of map keys and sequence items) from which lines are computed only when a result needs one.
// Anything outside the subset (anchors, aliases, tags, folded or indented block scalars, multi-line plain or quoted
// scalars, complex keys, tabs, CRs, directives, …) or anything malformed makes it give up (return undefined): the
// caller then parses the file with the `yaml` library, which stays the reference for values, lines and errors.

/** Offsets of a collection's entries: map key → [offset of the key, child position]; sequence item → [offset, child]. */
export interface PosNode {
  start: number;
  /** end offset (exclusive) of the node's last token */
  end: number;
  keys?: Map<string, [number, PosNode | undefined]>;
  items?: [number, PosNode | undefined][];
}

export interface FastDoc {
  value: unknown;
  pos: PosNode | undefined;
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** YAML 1.2 core schema resolution of a plain scalar, in the `yaml` library's tag order */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // fast exit: strings that cannot be null, bool or a number
  if (s.length > 0 && !((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return s[0] === 't' || s[0] === 'T';
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

/** characters that may not start a plain scalar (besides "-", "?", ":" followed by a space) */
const isIndicatorStart = (ch: string) => ',[]{}#&*!|>\'"%@`'.includes(ch);

type Parsed = { v: unknown; pos: PosNode | undefined; start: number; end: number; next: number };

/** one text's reader: line tables plus the cursor state of the flow-collection scanner (methods, no per-node closures) */
class Reader {
  segEnd = 0;
  fi = 0;
  fline = 0;
  fpi = 0;
  constructor(
    readonly text: string,
    readonly starts: number[],
    readonly ends: number[],
  ) {}

  indentOf(l: number): number {
    const text = this.text, starts = this.starts, ends = this.ends;
    let p = starts[l];
    const e = ends[l];
    while (p < e && text.charCodeAt(p) === 32) p++;
    return p - starts[l];
  }
  /** blank or comment-only line */
  isEmptyLine(l: number): boolean {
    const text = this.text, starts = this.starts, ends = this.ends;
    const p = starts[l] + this.indentOf(l);
    return p >= ends[l] || text.charCodeAt(p) === 35;
  }
  isMarker(l: number, m: string): boolean {
    const text = this.text, starts = this.starts, ends = this.ends;
    return text.startsWith(m, starts[l]) && (ends[l] === starts[l] + 3 || text.charCodeAt(starts[l] + 3) === 32);
  }


  hasContent(a: number, b: number): boolean {
    for (let l = a; l < b; l++) if (!this.isEmptyLine(l)) return true;
    return false;
  }

  /** next non-empty line at or after l within the current document, or this.segEnd */
  nextContent(l: number): number {
    while (l < this.segEnd && this.isEmptyLine(l)) l++;
    return l;
  }

  /** end of the meaningful text on line l from offset p: before a " #" comment, trailing spaces trimmed */
  contentEnd(l: number, p: number): number {
    const text = this.text, ends = this.ends;
    const e = ends[l];
    let q = p;
    while (q < e) {
      const ch = text.charCodeAt(q);
      if (ch === 35 && (q === p || text.charCodeAt(q - 1) === 32)) break;
      q++;
    }
    while (q > p && text.charCodeAt(q - 1) === 32) q--;
    return q;
  }

  /** the rest of line l from p must be blank or a comment */
  expectLineEnd(l: number, p: number) {
    const text = this.text, starts = this.starts, ends = this.ends;
    while (p < ends[l] && text.charCodeAt(p) === 32) p++;
    if (p < ends[l] && text.charCodeAt(p) !== 35) bail();
    if (p < ends[l] && text.charCodeAt(p - 1) !== 32 && p !== starts[l]) bail();
  }

  /** after a single-line node ending on line l, no more-indented content may follow (continuation or error) */
  expectNoContinuation(l: number, parentIndent: number): number {
    const starts = this.starts, ends = this.ends;
    let k = l + 1;
    while (k < this.segEnd) {
      if (this.indentOf(k) + starts[k] >= ends[k]) {
        k++;
        continue;
      }
      if (this.indentOf(k) > parentIndent) bail();
      if (this.isEmptyLine(k)) {
        k++;
        continue;
      }
      break;
    }
    return k;
  }

  quoted(p: number, l: number): [string, number] {
    const text = this.text, ends = this.ends;
    const q = text.charCodeAt(p);
    const e = ends[l];
    let out = '';
    let i = p + 1;
    if (q === 39 /* ' */) {
      for (;;) {
        const j = text.indexOf("'", i);
        if (j === -1 || j >= e) bail();
        out += text.slice(i, j);
        if (text.charCodeAt(j + 1) === 39) {
          out += "'";
          i = j + 2;
          continue;
        }
        return [out, j + 1];
      }
    }
    let seg = i;
    while (i < e) {
      const ch = text.charCodeAt(i);
      if (ch === 34) return [out + text.slice(seg, i), i + 1];
      if (ch === 92) {
        out += text.slice(seg, i);
        const x = text[i + 1];
        if (x === undefined || i + 1 >= e) bail();
        if (x in ESCAPES) {
          out += ESCAPES[x];
          i += 2;
        } else if (x in HEX_LEN) {
          const len = HEX_LEN[x];
          const hex = text.slice(i + 2, i + 2 + len);
          if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) bail();
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + len;
        } else bail();
        seg = i;
        continue;
      }
      i++;
    }
    return bail();
  }

  /** a block-context implicit key at p on line l: [key, offset after the ":"] or undefined when not a key */
  blockKey(l: number, p: number): [string, number] | undefined {
    const text = this.text, ends = this.ends;
    const e = ends[l];
    const c = text[p];
    if (c === '"' || c === "'") {
      const [k, after] = this.quoted(p, l);
      let q = after;
      while (q < e && text.charCodeAt(q) === 32) q++;
      if (text.charCodeAt(q) === 58 && (q + 1 >= e || text.charCodeAt(q + 1) === 32)) return [k, q + 1];
      return undefined;
    }
    for (let q = p; q < e; q++) {
      const ch = text.charCodeAt(q);
      if (ch === 35 && text.charCodeAt(q - 1) === 32) return undefined;
      if (ch === 58 && (q + 1 >= e || text.charCodeAt(q + 1) === 32)) {
        let ke = q;
        while (ke > p && text.charCodeAt(ke - 1) === 32) ke--;
        const raw = text.slice(p, ke);
        if (raw === '' || isIndicatorStart(raw[0]) || ((raw[0] === '-' || raw[0] === '?' || raw[0] === ':') && (raw.length === 1 || raw[1] === ' '))) bail();
        const v = resolvePlain(raw);
        if (typeof v !== 'string' || raw === '<<' || raw === '__proto__') bail();
        return [raw, q + 1];
      }
    }
    return undefined;
  }


  /** a block node whose first character is at offset p on line l; parentIndent is the enclosing collection's indent */
  node(l: number, p: number, parentIndent: number): Parsed {
    const text = this.text, starts = this.starts, ends = this.ends;
    const col = p - starts[l];
    const c = text[p];
    if (c === '-' && (p + 1 >= ends[l] || text.charCodeAt(p + 1) === 32)) return this.blockSeq(l, col);
    if (c === '[' || c === '{') return this.flowNode(l, p, parentIndent);
    if (c === '|') return this.literal(l, p, parentIndent);
    if (this.blockKey(l, p)) return this.blockMap(l, col);
    return this.scalarLine(l, p, parentIndent);
  }

  scalarLine(l: number, p: number, parentIndent: number): Parsed {
    const text = this.text, ends = this.ends;
    const c = text[p];
    let v: unknown;
    let end: number;
    if (c === '"' || c === "'") {
      const [s, after] = this.quoted(p, l);
      this.expectLineEnd(l, after);
      v = s;
      end = after;
    } else {
      if (isIndicatorStart(c) || ((c === '-' || c === '?' || c === ':') && (p + 1 >= ends[l] || text.charCodeAt(p + 1) === 32))) bail();
      end = this.contentEnd(l, p);
      const raw = text.slice(p, end);
      // "a: b: c" and "a: b:" are errors; a key indicator inside a plain value is left to the full parser
      if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) bail();
      v = resolvePlain(raw);
    }
    return { v, pos: undefined, start: p, end, next: this.expectNoContinuation(l, parentIndent) };
  }

  blockMap(l: number, indent: number): Parsed {
    const text = this.text, starts = this.starts, ends = this.ends;
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, [number, PosNode | undefined]>();
    const start = starts[l] + indent;
    let end = start;
    for (;;) {
      const p = starts[l] + indent;
      const k = this.blockKey(l, p);
      if (!k) bail();
      const [key, afterColon] = k!;
      let q = afterColon;
      while (q < ends[l] && text.charCodeAt(q) === 32) q++;
      let r: Parsed;
      if (q >= ends[l] || text.charCodeAt(q) === 35) {
        const l2 = this.nextContent(l + 1);
        const ind2 = l2 < this.segEnd ? this.indentOf(l2) : -1;
        if (l2 < this.segEnd && ind2 > indent) r = this.node(l2, starts[l2] + ind2, indent);
        else if (l2 < this.segEnd && ind2 === indent && text[starts[l2] + ind2] === '-' && (starts[l2] + ind2 + 1 >= ends[l2] || text.charCodeAt(starts[l2] + ind2 + 1) === 32))
          r = this.blockSeq(l2, indent);
        else r = { v: null, pos: undefined, start: afterColon, end: afterColon, next: l2 };
      } else {
        const c = text[q];
        if (c === '-' && (q + 1 >= ends[l] || text.charCodeAt(q + 1) === 32)) bail();
        if (c === '[' || c === '{') r = this.flowNode(l, q, indent);
        else if (c === '|') r = this.literal(l, q, indent);
        else r = this.scalarLine(l, q, indent);
      }
      obj[key] = r.v; // a repeated key: the last value wins, at the first key's place (as the yaml library's toJS)
      if (!keys.has(key)) keys.set(key, [p, r.pos]);
      end = r.end > end ? r.end : end;
      l = r.next;
      if (l >= this.segEnd) break;
      const ind = this.indentOf(l);
      if (ind < indent) break;
      if (ind > indent) bail();
    }
    return { v: obj, pos: { start, end, keys }, start, end, next: l };
  }

  blockSeq(l: number, indent: number): Parsed {
    const text = this.text, starts = this.starts, ends = this.ends;
    const arr: unknown[] = [];
    const items: [number, PosNode | undefined][] = [];
    const start = starts[l] + indent;
    let end = start;
    for (;;) {
      const dash = starts[l] + indent;
      let q = dash + 1;
      while (q < ends[l] && text.charCodeAt(q) === 32) q++;
      let r: Parsed;
      if (q >= ends[l] || text.charCodeAt(q) === 35) {
        const l2 = this.nextContent(l + 1);
        if (l2 >= this.segEnd || this.indentOf(l2) <= indent) bail();
        r = this.node(l2, starts[l2] + this.indentOf(l2), indent);
      } else r = this.node(l, q, indent);
      arr.push(r.v);
      items.push([r.start, r.pos]);
      end = r.end > end ? r.end : end;
      l = r.next;
      if (l >= this.segEnd) break;
      const ind = this.indentOf(l);
      if (ind < indent) break;
      if (ind > indent) bail();
      const d = starts[l] + ind;
      if (!(text[d] === '-' && (d + 1 >= ends[l] || text.charCodeAt(d + 1) === 32))) break;
    }
    return { v: arr, pos: { start, end, items }, start, end, next: l };
  }

  /** literal block scalar ("|", "|-", "|+"), content more indented than parentIndent */
  literal(l: number, p: number, parentIndent: number): Parsed {
    const text = this.text, starts = this.starts, ends = this.ends;
    let q = p + 1;
    let chomp = '';
    if (text[q] === '-' || text[q] === '+') chomp = text[q++];
    this.expectLineEnd(l, q);
    if (parentIndent < 0) bail();
    // content lines
    let m = -1;
    let k = l + 1;
    const lines: string[] = [];
    let lastContent = -1;
    let maxLeadingBlank = 0;
    for (; k < this.segEnd; k++) {
      const ind = this.indentOf(k);
      const blank = starts[k] + ind >= ends[k];
      if (blank) {
        if (m === -1) maxLeadingBlank = Math.max(maxLeadingBlank, ind);
        lines.push(m !== -1 && ind > m ? text.slice(starts[k] + m, ends[k]) : '');
        continue;
      }
      if (m === -1) {
        if (ind <= parentIndent) break;
        m = ind;
        if (maxLeadingBlank > m) bail();
      } else if (ind < m) break;
      lines.push(text.slice(starts[k] + m, ends[k]));
      lastContent = lines.length - 1;
    }
    // trailing blank lines: kept only by "+"
    const body = lines.slice(0, lastContent + 1);
    const trailing = lines.length - (lastContent + 1);
    let v: string;
    if (lastContent === -1) {
      if (chomp === '+') bail();
      v = '';
    } else {
      // keep-chomping with trailing blank lines: let the full parser decide
      if (chomp === '+' && trailing > 0) bail();
      v = chomp === '-' ? body.join('\n') : body.join('\n') + '\n';
    }
    const lastLine = lastContent === -1 ? l : l + 1 + lastContent;
    // a literal whose last line has no newline at the end of the text
    if (lastContent !== -1 && chomp !== '-' && ends[lastLine] === text.length) bail();
    return { v, pos: undefined, start: p, end: lastContent === -1 ? q : ends[lastLine] + 1, next: this.nextContent(k) };
  }

  // ---- flow collections (may span lines; every line must be indented more than the enclosing block)
  flowNode(l: number, p: number, parentIndent: number): Parsed {
    this.fline = l;
    this.fi = p;
    this.fpi = parentIndent;
    const r = this.flowCollection();
    const end = this.fi;
    this.expectLineEnd(this.fline, end);
    return { v: r.v, pos: r.pos, start: p, end, next: this.expectNoContinuation(this.fline, parentIndent) };
  }

  /** flow context: skip spaces, line breaks and comments up to the next significant character */
  flowSkip(): void {
    const text = this.text, starts = this.starts, ends = this.ends;
    let i = this.fi;
    let line = this.fline;
    for (;;) {
      while (i < ends[line] && text.charCodeAt(i) === 32) i++;
      if (i < ends[line] && text.charCodeAt(i) === 35) {
        if (i > starts[line] && text.charCodeAt(i - 1) !== 32) bail();
        i = ends[line];
      }
      if (i < ends[line]) break;
      line++;
      if (line >= this.segEnd) bail();
      if (this.indentOf(line) <= this.fpi && starts[line] + this.indentOf(line) < ends[line]) bail();
      i = starts[line];
    }
    this.fi = i;
    this.fline = line;
  }

  /** end of a plain scalar in flow context starting at from (trailing spaces excluded) */
  flowPlainEnd(from: number): number {
    const text = this.text;
    const e = this.ends[this.fline];
    let j = from;
    while (j < e) {
      const ch = text.charCodeAt(j);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break; // , [ ] { }
      if (ch === 58) {
        const nx = text.charCodeAt(j + 1);
        if (j + 1 >= e || nx === 32 || nx === 44 || nx === 91 || nx === 93 || nx === 123 || nx === 125) break;
      }
      if (ch === 35 && text.charCodeAt(j - 1) === 32) break;
      j++;
    }
    let k = j;
    while (k > from && text.charCodeAt(k - 1) === 32) k--;
    return k;
  }

  /** a scalar or nested collection in flow context */
  flowValue(): { v: unknown; pos: PosNode | undefined; start: number; quotedOrPlain: boolean } {
    const text = this.text;
    this.flowSkip();
    const i = this.fi;
    const c = text[i];
    if (c === '[' || c === '{') {
      const r = this.flowCollection();
      return { v: r.v, pos: r.pos, start: i, quotedOrPlain: false };
    }
    if (c === '"' || c === "'") {
      const [s, after] = this.quoted(i, this.fline);
      this.fi = after;
      return { v: s, pos: undefined, start: i, quotedOrPlain: true };
    }
    if (c === ',' || c === ']' || c === '}') return { v: null, pos: undefined, start: i, quotedOrPlain: false };
    if (isIndicatorStart(c) || ((c === '-' || c === '?' || c === ':') && (i + 1 >= this.ends[this.fline] || ' ,[]{}'.includes(text[i + 1])))) bail();
    const e = this.flowPlainEnd(i);
    const raw = text.slice(i, e);
    // a plain scalar continued on the next line is left to the full parser
    const line = this.fline;
    this.fi = e;
    this.flowSkip();
    if (!',]}:'.includes(text[this.fi])) bail();
    this.fi = e;
    this.fline = line;
    return { v: resolvePlain(raw), pos: undefined, start: i, quotedOrPlain: true };
  }

  flowCollection(): { v: unknown; pos: PosNode } {
    const text = this.text;
    const open = text[this.fi];
    const start = this.fi;
    this.fi++;
    if (open === '[') {
      const arr: unknown[] = [];
      const items: [number, PosNode | undefined][] = [];
      for (;;) {
        this.flowSkip();
        if (text[this.fi] === ']') {
          this.fi++;
          return { v: arr, pos: { start, end: this.fi, items } };
        }
        const r = this.flowValue();
        if (r.v === null && !r.quotedOrPlain && r.pos === undefined) bail(); // empty entry
        this.flowSkip();
        if (text[this.fi] === ':') bail(); // single-pair mapping inside a sequence
        arr.push(r.v);
        items.push([r.start, r.pos]);
        if (text[this.fi] === ',') this.fi++;
        else if (text[this.fi] !== ']') bail();
      }
    }
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, [number, PosNode | undefined]>();
    for (;;) {
      this.flowSkip();
      if (text[this.fi] === '}') {
        this.fi++;
        return { v: obj, pos: { start, end: this.fi, keys } };
      }
      const kStart = this.fi;
      if (text[kStart] === '?' || text[kStart] === '[' || text[kStart] === '{') bail();
      const kr = this.flowValue();
      if (!kr.quotedOrPlain) bail();
      const key = kr.v;
      if (typeof key !== 'string' || key === '<<' || key === '__proto__') bail();
      if (text[kStart] !== '"' && text[kStart] !== "'" && typeof resolvePlain(text.slice(kStart, this.fi)) !== 'string') bail();
      this.flowSkip();
      let v: unknown = null;
      let pos: PosNode | undefined;
      if (text[this.fi] === ':') {
        this.fi++;
        this.flowSkip();
        if (text[this.fi] !== ',' && text[this.fi] !== '}') {
          const r = this.flowValue();
          v = r.v;
          pos = r.pos;
        }
        this.flowSkip();
      }
      obj[key as string] = v;
      if (!keys.has(key as string)) keys.set(key as string, [kStart, pos]);
      if (text[this.fi] === ',') this.fi++;
      else if (text[this.fi] !== '}') bail();
    }
  }
}

/**
 * Parses every document of `text`; undefined when the text is outside the supported subset (or not valid YAML).
 * `lineStarts` receives the offset of each line's first character.
 */
export function parseFastYaml(text: string, lineStarts: number[]): FastDoc[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i <= text.length; ) {
    const j = text.indexOf('\n', i);
    const e = j === -1 ? text.length : j;
    starts.push(i);
    ends.push(e);
    if (j === -1) break;
    i = j + 1;
  }
  for (const s of starts) lineStarts.push(s);
  const n = starts.length;
  const R = new Reader(text, starts, ends);

  // split into documents at "---" lines; "..." and directives are left to the full parser
  const segments: [number, number][] = [];
  let segStart = 0;
  let sawMarker = false;
  for (let l = 0; l < n; l++) {
    if (text.charCodeAt(starts[l]) === 37 /* % */) return undefined;
    if (R.isMarker(l, '...')) return undefined;
    if (R.isMarker(l, '---')) {
      // only a comment may follow the marker on its line
      const rest = text.slice(starts[l] + 3, ends[l]).trim();
      if (rest !== '' && !rest.startsWith('#')) return undefined;
      if (sawMarker || R.hasContent(segStart, l)) segments.push([segStart, l]);
      sawMarker = true;
      segStart = l + 1;
    }
  }
  if (sawMarker || R.hasContent(segStart, n)) segments.push([segStart, n]);

  const docs: FastDoc[] = [];
  try {
    for (const [a, b] of segments) {
      R.segEnd = b;
      const l = R.nextContent(a);
      if (l >= b) {
        docs.push({ value: null, pos: undefined });
        continue;
      }
      const r = R.node(l, starts[l] + R.indentOf(l), -1);
      if (R.nextContent(r.next) < b) bail();
      docs.push({ value: r.v, pos: r.pos ?? { start: r.start, end: r.end } });
    }
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
  return docs;
}
