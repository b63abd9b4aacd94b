// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20 has no --test globs).
// Usage: npm test [-- path-substring …]   e.g. `npm test -- versioning`
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  let names;
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
}
roots.forEach(walk);
const selected = files.sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// The tests, and the CLIs and tools they start, make their temp dirs under one directory per run (os.tmpdir()
// follows TMPDIR), removed when the run ends: a test that forgets to clean up cannot fill /tmp run after run.
// Test helpers remove theirs when each test file ends (test/helpers/tmp.ts); what is still here is listed.
const runTmp = mkdtempSync(join(tmpdir(), 'drydock-test-run-'));
// tsx keeps its compile cache in <tmpdir>/tsx-<euid>: that name points at the usual one, which outlives the run
const tsxCache = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;
try {
  mkdirSync(join(tmpdir(), tsxCache), { recursive: true });
  symlinkSync(join(tmpdir(), tsxCache), join(runTmp, tsxCache));
} catch {
  // no symlinks here: tsx compiles into the run's directory instead
}
process.on('SIGINT', () => {}); // Ctrl-C stops the tests (same process group); then clean up below
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...selected],
  { stdio: 'inherit', env: { ...process.env, DRYDOCK_TEST: '1', TMPDIR: runTmp } },
);
const left = readdirSync(runTmp).filter((n) => n !== tsxCache);
if (left.length > 0) {
  const byPrefix = new Map();
  for (const name of left) {
    const prefix = name.replace(/[A-Za-z0-9]{6}$/, '');
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
  }
  const list = [...byPrefix].map(([p, n]) => (n > 1 ? `${p} ×${n}` : p)).join(', ');
  console.error(`run-tests: removing ${left.length} temp entries the tests did not clean up: ${list}`);
}
rmSync(runTmp, { recursive: true, force: true });
process.exit(r.status ?? 1);
