// Text from images (package names, file paths, history lines, registry answers) shown on a terminal. An image can
// carry escape sequences in a package.json name or a tar entry name; printed raw, they clear the screen, move the
// cursor over findings already printed, retitle the window or plant links. Bidirectional-override characters make
// text read differently from what it is. They are shown escaped instead: "\x1b", "\u202e".

/** C0 and C1 controls, DEL, and the Unicode bidirectional controls */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * `s` with every control and bidirectional-control character written as a visible escape. `keepNewlines`: line
 * breaks stay (for multi-line text of our own, such as an error with its cause); elsewhere a newline from data
 * could forge a line of output (a fake "warning:" or log line) and is escaped too.
 */
export function escapeControls(s: string, keepNewlines = false): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(keepNewlines ? UNSAFE_BUT_NEWLINE : UNSAFE_ALL, escapeOne);
}

/** longest single message printed on the terminal (warnings, log lines, errors) */
export const MAX_TERMINAL_MESSAGE = 2000;

/**
 * `s` cut in the middle when it is longer than `max`: a tar entry name can be a megabyte, and a warning naming it
 * would flood the terminal and a CI log. The start (the path's root) and the end (the file and the message) stay.
 */
export function clipMiddle(s: string, max = MAX_TERMINAL_MESSAGE): string {
  if (s.length <= max) return s;
  const head = Math.floor(max * 0.6);
  const tail = max - head;
  return `${s.slice(0, head)}…(${s.length - head - tail} characters left out)…${s.slice(s.length - tail)}`;
}

/**
 * A copy of `value` (plain objects and arrays, as in a report) with escapeControls applied to every string, keys
 * included. Parts without anything to escape are returned as they are, so a clean report costs one pass and no copy.
 */
export function terminalSafe<T>(value: T): T {
  return safeValue(value, 0) as T;
}

/** reports are a few levels deep; anything deeper than this is left alone rather than walked without end */
const MAX_DEPTH = 64;

function safeValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return escapeControls(v);
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = safeValue(v[i], depth + 1);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const sk = escapeControls(k);
    const sx = safeValue(x, depth + 1);
    if (sk === k && sx === x) continue;
    out ??= { ...(v as Record<string, unknown>) };
    if (sk !== k) delete out[k];
    out[sk] = sx;
  }
  return out ?? v;
}
