// End to end: what a scan of a local image loads. The registry HTTP client (undici, ~150 ms and 110 modules) is
// loaded when a registry is contacted, not by every `drydock image image.tar`; the yaml library (~35 ms) when a YAML
// file is read (a policy file, an advisory folder, a pnpm-lock.yaml), not by every scan with a database; packageurl-js
// (~25 ms) only for a purl the fast paths do not build.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { rawTar } from '../helpers/raw-tar.js';
import { writeSingleLayerImage } from '../helpers/oci-layout.js';
import { ROOT, drydock, removeDir, show, tempDir } from './cli.js';

const PRELOAD = pathToFileURL(join(ROOT, 'test/e2e/fixtures/report-loaded.mjs')).href;

let dir: string;
let layout: string;
before(() => {
  dir = tempDir('startup');
  layout = join(dir, 'layout');
  const tar = rawTar([{ name: 'srv/node_modules/a/package.json', data: JSON.stringify({ name: 'a', version: '1.0.0' }) }]);
  writeSingleLayerImage(layout, tar);
});
after(() => removeDir(dir));

function loaded(stderr: string): string[] {
  const m = /LOADED-PACKAGES (.*)/.exec(stderr);
  assert.ok(m, stderr);
  return JSON.parse(m[1]) as string[];
}

test('a local image scan does not load undici', async () => {
  const r = await drydock(['image', `oci:${layout}`, '--advisories', join(ROOT, 'examples/advisories'), '--format', 'json', '--quiet'], {
    cwd: dir,
    env: { NODE_OPTIONS: `--import=${PRELOAD}` },
  });
  assert.equal(r.code, 0, show(r));
  const pkgs = loaded(r.stderr);
  assert.ok(pkgs.includes('better-sqlite3'), `the preload sees what was loaded: ${pkgs.join(' ')}`);
  assert.ok(!pkgs.includes('undici'), pkgs.join(' '));
});

test('a source tree with a pnpm-lock.yaml: the lockfile parser loads yaml when it needs it', async () => {
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'pnpm-lock.yaml'), "lockfileVersion: '6.0'\npackages:\n  /b@2.0.0:\n    resolution: {integrity: sha512-x}\n");
  const r = await drydock(['fs', src, '--format', 'json', '--quiet', '--scanners', 'vuln', '--advisories', join(ROOT, 'examples/advisories')], { cwd: dir });
  assert.equal(r.code, 0, show(r));
  const report = JSON.parse(r.stdout) as { targets: { packages: { purl: string }[] }[] };
  assert.deepEqual(report.targets.flatMap((t) => t.packages.map((p) => p.purl)), ['pkg:npm/b@2.0.0']);
});

test('a scan with a database file loads neither yaml nor packageurl-js; a policy file loads yaml and applies', async () => {
  const db = join(dir, 'advisories.db');
  const imp = await drydock(['db', 'import', '--db', db, join(ROOT, 'examples/advisories')], { cwd: dir });
  assert.equal(imp.code, 0, show(imp));
  const scan = (cwd: string) =>
    drydock(['image', `oci:${layout}`, '--db', db, '--skip-db-update-warning', '--format', 'json', '--quiet'], { cwd, env: { NODE_OPTIONS: `--import=${PRELOAD}` } });
  const plain = await scan(dir);
  assert.equal(plain.code, 0, show(plain));
  const pkgs = loaded(plain.stderr);
  assert.ok(pkgs.includes('better-sqlite3'), pkgs.join(' '));
  assert.ok(!pkgs.includes('yaml'), pkgs.join(' '));
  // purls of plain names are built without packageurl-js (src/sbom/purl-lib.ts)
  assert.ok(!pkgs.includes('packageurl-js'), pkgs.join(' '));
  // a policy file in the working directory is read with yaml and takes effect: its exit code for the image checks'
  // findings (the image runs as root)
  const withPolicy = join(dir, 'with-policy');
  mkdirSync(withPolicy);
  writeFileSync(join(withPolicy, '.drydock.yaml'), 'exit-code: 7\nseverity: [HIGH, CRITICAL]\n');
  const r = await scan(withPolicy);
  assert.equal(r.code, 7, show(r));
  assert.ok(loaded(r.stderr).includes('yaml'));
  writeFileSync(join(withPolicy, '.drydock.yaml'), 'exit-code: [7\n');
  const bad = await scan(withPolicy);
  assert.notEqual(bad.code, 0, show(bad));
  assert.match(bad.stderr, /\.drydock\.yaml:\d+:\d+/);
});

