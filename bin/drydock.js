#!/usr/bin/env node
// Runs the CLI bundle in dist/ (built by `npm ci`/`npm install` through the "prepare" script) when it is up to
// date with every source file it was built from (same mtime and size), and the TypeScript sources through tsx
// otherwise, so `npx drydock` works right after `npm ci` and never runs stale code while src/ is being edited.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

function bundleIsFresh() {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'stamp.json'), 'utf8'));
    if (stamp.version !== 1) return false;
    for (const [path, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
      const st = statSync(join(root, path));
      if (st.mtimeMs !== mtimeMs || st.size !== size) return false;
    }
    return true;
  } catch {
    return false;
  }
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import('../dist/main.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
