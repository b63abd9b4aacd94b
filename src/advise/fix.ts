// Rewrites the base image of a Dockerfile in place: only the characters of the image reference change, on
// the FROM line that names it, or on the ARG line whose default the FROM is templated from.
import { parseDockerfile, globalArgValues, substituteArgs, resolveBaseImage, type ParsedDockerfile } from '../dockerfile/index.js';
import { DrydockError } from '../errors.js';

export interface FixTarget {
  tag: string;
  /** pin to this manifest digest; any old digest is dropped otherwise (it would pin the old image) */
  digest?: string;
}

export interface FixEdit {
  line: number;
  before: string;
  after: string;
}

export interface FixResult {
  text: string;
  edits: FixEdit[];
  /** image before and after, ARGs substituted */
  from: string;
  to: string;
}

/** `name[:tag][@digest]` -> name, keeping the user's spelling (no docker.io/library added). */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function withTarget(image: string, t: FixTarget): string {
  return `${repositoryOf(image)}:${t.tag}${t.digest ? `@${t.digest}` : ''}`;
}

export function rewriteBaseImage(text: string, file: string, target: FixTarget, buildArgs: Record<string, string> = {}): FixResult {
  const df = parseDockerfile(text, file);
  const base = resolveBaseImage(df, buildArgs);
  if (!base) throw new DrydockError('INVALID_INPUT', `${file}: no FROM instruction`);
  if ('scratch' in base) throw new DrydockError('USAGE', `${file}:${base.line}: the final stage is FROM scratch: nothing to upgrade`);
  const stage = df.stages[base.stage];
  const vars = globalArgValues(df, buildArgs);
  const from = substituteArgs(stage.image, vars).trim();
  const to = withTarget(from, target);
  if (from === to) return { text, edits: [], from, to };
  const lines = text.split('\n');
  const edits: FixEdit[] = [];

  if (!/\$/.test(stage.image)) {
    const last = (stage.instructions[0]?.endLine ?? stage.line) - 1;
    // a FROM split by continuations names the image on a later line
    let idx = stage.line - 1;
    while (idx < last && !new RegExp(`(^|\\s)${escapeRe(stage.image)}(?=\\s|$)`).test(lines[idx].replace(/^\s*FROM\b/i, ''))) idx++;
    replaceInLine(lines, idx, stage.image, to, edits, /^\s*FROM\b/i);
    return { text: lines.join('\n'), edits, from, to };
  }
  // Templated FROM: solve for one ARG whose new value makes the template produce the new image.
  const refs = [...stage.image.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? m[2]);
  for (const name of [...new Set(refs)].reverse()) {
    const marker = '\u0000ARG\u0000';
    const template = substituteArgs(stage.image, { ...vars, [name]: marker }).trim();
    const at = template.indexOf(marker);
    if (at < 0 || template.indexOf(marker, at + 1) >= 0) continue;
    const prefix = template.slice(0, at);
    const suffix = template.slice(at + marker.length);
    if (!to.startsWith(prefix) || !to.endsWith(suffix) || to.length < prefix.length + suffix.length) continue;
    const value = to.slice(prefix.length, to.length - suffix.length);
    const arg = [...df.globalArgs].reverse().find((a) => a.name === name);
    if (!arg || arg.value === undefined) continue;
    if (name in buildArgs) {
      throw new DrydockError('USAGE', `${file}: the base image comes from --build-arg ${name}; change it where the build passes it`, {
        hint: `use ${name}=${value}`,
      });
    }
    replaceArgDefault(lines, arg.line - 1, name, arg.value, value, edits);
    return { text: lines.join('\n'), edits, from, to };
  }
  throw new DrydockError('USAGE', `${file}:${stage.line}: cannot rewrite "FROM ${stage.image}" to ${to} through its ARGs`, {
    hint: 'edit the ARG defaults by hand, or use a literal FROM',
  });
}

function replaceInLine(lines: string[], idx: number, old: string, next: string, edits: FixEdit[], after?: RegExp): void {
  const line = lines[idx];
  const start = after ? (after.exec(line)?.[0].length ?? 0) : 0;
  // the image is the first whitespace-delimited token equal to `old` after the keyword and its flags
  const re = new RegExp(`(^|\\s)${escapeRe(old)}(?=\\s|$|\\r)`, 'g');
  re.lastIndex = start;
  const m = re.exec(line);
  if (!m) throw new DrydockError('INTERNAL', `line ${idx + 1} does not contain ${old}`);
  const at = m.index + m[1].length;
  const out = line.slice(0, at) + next + line.slice(at + old.length);
  edits.push({ line: idx + 1, before: line, after: out });
  lines[idx] = out;
}

function replaceArgDefault(lines: string[], idx: number, name: string, oldValue: string, value: string, edits: FixEdit[]): void {
  const line = lines[idx];
  const m = new RegExp(`(\\b${escapeRe(name)}\\s*=\\s*)(["']?)`).exec(line);
  if (!m) throw new DrydockError('INTERNAL', `line ${idx + 1}: ARG ${name} not found`);
  const at = m.index + m[0].length;
  const quote = m[2];
  // the raw default as written (quotes excluded); the parser gave the unquoted value
  const end = quote ? line.indexOf(quote, at) : at + (/^\S*/.exec(line.slice(at))?.[0].length ?? 0);
  if (end < at) throw new DrydockError('INTERNAL', `line ${idx + 1}: unterminated quote in ARG ${name}`);
  if (line.slice(at, end) !== oldValue) throw new DrydockError('USAGE', `line ${idx + 1}: ARG ${name} default is written in a form drydock cannot rewrite safely`);
  const out = line.slice(0, at) + value + line.slice(end);
  edits.push({ line: idx + 1, before: line, after: out });
  lines[idx] = out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A unified diff of line replacements (no insertions or deletions), 3 lines of context. */
export function unifiedDiff(before: string, after: string, file: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const changed = a.map((l, i) => l !== b[i]).flatMap((c, i) => (c ? [i] : []));
  if (changed.length === 0) return '';
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - 3);
    let end = Math.min(a.length - 1, changed[k] + 3);
    let j = k;
    while (j + 1 < changed.length && changed[j + 1] - 3 <= end + 1) end = Math.min(a.length - 1, changed[++j] + 3);
    const body: string[] = [];
    for (let i = start; i <= end; i++) {
      if (a[i] === b[i]) body.push(` ${a[i]}`);
      else body.push(`-${a[i]}`, `+${b[i]}`);
    }
    const len = end - start + 1;
    out.push(`@@ -${start + 1},${len} +${start + 1},${len} @@`, ...body);
    k = j + 1;
  }
  return out.join('\n') + '\n';
}

export type { ParsedDockerfile };
