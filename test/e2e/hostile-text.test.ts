// End to end: text an image controls (a package.json name, a tar entry name, a history line) reaches the terminal
// with its control characters escaped, never as escape sequences that would rewrite what the user sees.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rawTar } from '../helpers/raw-tar.js';
import { writeSingleLayerImage } from '../helpers/oci-layout.js';
import { ROOT, drydock, removeDir, show, tempDir } from './cli.js';

const E = '\u001b';
/** what may reach a terminal: printable text, newlines, and (with colour) SGR colour codes */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let layout: string;
before(() => {
  dir = tempDir('hostile-text');
  layout = join(dir, 'layout');
  const tar = rawTar([
    // ESC [1A ESC [2K erases the line above: a finding printed before it would vanish
    { name: 'srv/node_modules/evil/package.json', data: JSON.stringify({ name: `evil${E}[1A${E}[2K`, version: `1.0.0${E}]0;pwned\u0007`, license: 'MIT\u202eTIM' }) },
    // a damaged jar whose name carries an escape: the warning names it
    { name: `opt/lib/bad${E}[5m.jar`, data: Buffer.from('PK\u0003\u0004 truncated'), mode: 0o644 },
  ]);
  writeSingleLayerImage(layout, tar, { history: [{ created_by: `/bin/sh -c #(nop) COPY app /srv ${E}[2J` }] });
});
after(() => removeDir(dir));

const scan = (args: string[]) =>
  drydock(['image', `oci:${layout}`, '--advisories', join(ROOT, 'examples/advisories'), '--no-progress', ...args], { cwd: dir });

test('table output and warnings: escapes shown as text, nothing raw on stdout or stderr', async () => {
  for (const args of [['--scanners', 'vuln'], []]) {
    const r = await scan(args);
    assert.equal(r.code, 0, show(r));
    assert.doesNotMatch(r.stdout, RAW_CONTROL, show(r));
    assert.doesNotMatch(r.stderr, RAW_CONTROL, show(r));
    assert.match(r.stderr, /warning: \/opt\/lib\/bad\\x1b\[5m\.jar: not a readable zip archive/);
  }
  const inventory = await scan(['--scanners', 'vuln']);
  assert.match(inventory.stdout, /evil\\x1b\[1A\\x1b\[2K\s+1\.0\.0\\x1b\]0;pwned\\x07\s+MIT\\u202eTIM/);
  assert.match(inventory.stdout, /#0 COPY app \/srv \\x/, "the history line, escaped (and cut to the column)");
});

test('JSON keeps the data as it is (JSON escapes it): machines get the exact name', async () => {
  const r = await scan(['--scanners', 'vuln', '--format', 'json', '--quiet']);
  assert.equal(r.code, 0, show(r));
  const report = JSON.parse(r.stdout) as { targets: { packages: { name: string }[] }[] };
  assert.deepEqual(report.targets.flatMap((t) => t.packages.map((p) => p.name)), [`evil${E}[1A${E}[2K`]);
});
