// Reads the shared version-vector files ("a < b", "a = b", "a > b" per line) for table tests.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VectorLine {
  file: string;
  line: number;
  a: string;
  op: '<' | '=' | '>';
  b: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** Repo root is three levels above src/versioning/testing. */
export const repoRoot = resolve(here, '../../..');
/** The shared folder sits beside the repo root. */
export const vectorDir = resolve(repoRoot, '../shared/data/version-vectors');
export const fixtureDir = join(repoRoot, 'test/fixtures/versioning');

export function parseVectors(file: string, text: string): VectorLine[] {
  const out: VectorLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
    const parts = line.split(' ');
    if (parts.length !== 3 || !['<', '=', '>'].includes(parts[1])) {
      throw new Error(`${file}:${i + 1}: malformed vector line: ${raw}`);
    }
    out.push({ file, line: i + 1, a: parts[0], op: parts[1] as VectorLine['op'], b: parts[2] });
  });
  return out;
}

/** Vector files for one scheme from the shared folder, or undefined when it is absent. */
export function sharedVectors(prefix: string): VectorLine[] | undefined {
  if (!existsSync(vectorDir)) return undefined;
  const files = readdirSync(vectorDir).filter((f) => f.startsWith(`${prefix}-versions`) && f.endsWith('.txt'));
  return files.flatMap((f) => parseVectors(f, readFileSync(join(vectorDir, f), 'utf8')));
}

/** The small copied sample in test/fixtures/versioning (always present). */
export function fixtureVectors(prefix: string): VectorLine[] {
  const file = join(fixtureDir, `${prefix}-sample.txt`);
  return parseVectors(`${prefix}-sample.txt`, readFileSync(file, 'utf8'));
}

export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

const expected = { '<': -1, '=': 0, '>': 1 } as const;

/** Lines whose comparison disagrees with the expected operator, formatted for an assertion message. */
export function failures(lines: VectorLine[], compare: (a: string, b: string) => number): string[] {
  const bad: string[] = [];
  for (const v of lines) {
    const want = expected[v.op];
    const got = sign(compare(v.a, v.b));
    const back = sign(compare(v.b, v.a));
    if (got !== want || back !== -want) bad.push(`${v.file}:${v.line}: ${v.a} ${v.op} ${v.b} (got ${got}, reverse ${back})`);
  }
  return bad;
}
