// Maven versions: ComparableVersion semantics as in maven-artifact 3.8.7/3.9.6: nested lists of int and string items.
import type { VersionScheme } from '../types.js';

export type MavenItem =
  | { kind: 'int'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: MavenItem[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

// Unknown qualifiers sort after all known ones, then lexically: "7-<name>".
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): MavenItem {
  if (followedByDigit && value.length === 1) {
    // "a1", "b2", "m3" are shorthands for alpha, beta, milestone
    value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  }
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function parseItem(isDigit: boolean, buf: string): MavenItem {
  return isDigit ? { kind: 'int', value: BigInt(buf) } : stringItem(buf, false);
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

// Trailing "null" items (0, "", empty list) are dropped, scanning back until a non-list item.
function normalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i];
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

const isAsciiDigit = (c: string): boolean => c >= '0' && c <= '9';

export function parseMaven(version: string): MavenItem {
  const v = version.toLowerCase();
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  const push = (): void => {
    const next: MavenItem[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') push();
    } else if (isAsciiDigit(c)) {
      if (!isDigit && i > start) {
        // "rc1": the qualifier opens its own sub-list unless the list is still empty
        if (list.length) push();
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    // a trailing qualifier after "." also goes into a sub-list: "1.final" reads like "1-final"
    if (!isDigit && list.length) push();
    list.push(parseItem(isDigit, v.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!);
  return { kind: 'list', items: root };
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item.compareTo(other), where `undefined` stands for Java's null (a missing item). */
export function compareItems(a: MavenItem, b: MavenItem | undefined): number {
  switch (a.kind) {
    case 'int':
      if (!b) return a.value === 0n ? 0 : 1;
      if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'string':
      if (!b) return cmpStr(comparableQualifier(a.value), RELEASE_INDEX);
      if (b.kind === 'int') return -1;
      if (b.kind === 'string') return cmpStr(comparableQualifier(a.value), comparableQualifier(b.value));
      return -1; // 1-sp < 1-1
    case 'list': {
      if (!b) return a.items.length === 0 ? 0 : compareItems(a.items[0], undefined);
      if (b.kind === 'int') return -1;
      if (b.kind === 'string') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const d = l === undefined ? (r === undefined ? 0 : -compareItems(r, l)) : compareItems(l, r);
        if (d) return d;
      }
      return 0;
    }
  }
}

export function compareMaven(a: string, b: string): number {
  return compareItems(parseMaven(a), parseMaven(b));
}

// Maven accepts any string; "valid" here means it starts with a digit and has only version characters.
export function isValidMaven(v: string): boolean {
  return /^[0-9][A-Za-z0-9._+-]*$/.test(v) && !/[.-]{2}|[.-]$/.test(v);
}

export const maven = {
  id: 'maven',
  isValid: isValidMaven,
  compare: (a: string, b: string) => Math.sign(compareMaven(a, b)),
} satisfies VersionScheme;
