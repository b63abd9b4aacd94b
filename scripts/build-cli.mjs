// Bundles the CLI (src/cli/main.ts and everything it imports, lazily imported modules as separate chunks) into
// dist/ so `drydock` starts without compiling TypeScript on every run. Runs as the npm "prepare" script.
// bin/drydock.js uses dist/ only while dist/stamp.json matches the mtime and size of every bundled source
// file, and runs src/ through tsx otherwise: editing src/ never runs stale code.
// Never fails the install: without a bundle the CLI simply runs from src/ (slower start-up).
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'dist');
const tmp = join(root, `dist.tmp-${process.pid}`);
/** files that are not bundled sources but change what the bundle is */
const EXTRA_INPUTS = ['tsconfig.json', 'scripts/build-cli.mjs'];

// Bundled code runs from dist/, but code that finds files next to itself (package.json, examples/, worker entry
// points) must keep resolving them from its source location: import.meta.url is rewritten to the source file's
// URL, expressed relative to the bundle (dist/ is one level below the root, every chunk lives directly in it).
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(root, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify('../' + rel)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

async function build() {
  const esbuild = await import('esbuild');
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrlPlugin],
  });
  const inputs = {};
  for (const p of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) {
    const st = statSync(join(root, p));
    inputs[p] = [st.mtimeMs, st.size];
  }
  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify({ version: 1, inputs }));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(tmp, out);
  return Object.keys(inputs).length;
}

try {
  const n = await build();
  if (!process.argv.includes('--quiet')) console.error(`drydock: bundled ${n} source files into dist/`);
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`drydock: could not bundle the CLI (${e?.message ?? e}); it will run from src/ through tsx`);
  // --strict (benchmarks): a missing bundle is an error rather than a slower fallback
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
