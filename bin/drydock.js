#!/usr/bin/env node
// Runs the CLI bundle in dist/ (built by `npm ci`/`npm install` through the "prepare" script) when it is up to
// date with every source file it was built from (same mtime and size), and the TypeScript sources through tsx
// otherwise, so `npx drydock` works right after `npm ci` and never runs stale code while src/ is being edited.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// ends with a separator; stamp paths are relative with "/" (esbuild's metafile): plain concatenation, because
// path.join over some 250 inputs took ~8 ms of every start (it is not optimised yet at that point)
const root = fileURLToPath(new URL('../', import.meta.url));

function bundleIsFresh() {
  try {
    const stamp = JSON.parse(readFileSync(root + 'dist/stamp.json', 'utf8'));
    if (stamp.version !== 1) return false;
    for (const [path, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
      const st = statSync(root + path);
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
