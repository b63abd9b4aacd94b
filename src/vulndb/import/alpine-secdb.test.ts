import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../test/helpers/tmp.js';
import { buildStore } from '../test-store.js';

const SHARED = new URL('../../../../shared/data/', import.meta.url).pathname;
const FX = new URL('../../../test/fixtures/vulndb/', import.meta.url).pathname;

test('Alpine secdb JSON: "0" means never affected, lowest fix wins', async () => {
  const { store, summary } = await buildStore([FX + 'v3.14-main-partial.json']);
  assert.deepEqual(summary.warnings, []);
  const ids = store.affected('alpine:v3.14', 'busybox').map((h) => store.vuln(h.vuln).id);
  assert.ok(ids.includes('CVE-2021-28831'));
  assert.ok(!ids.includes('CVE-2021-42373'), 'listed under "0"');
  const ssl = store.affected('alpine:v3.14', 'openssl').find((h) => store.vuln(h.vuln).id === 'CVE-2023-0465');
  assert.deepEqual(ssl?.entries, [{ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1t-r2' }] }] }]);
  store.close();
});

test('Alpine secdb YAML (older form), with typos and XSA ids', { skip: existsSync(SHARED + 'alpine-secdb') ? false : 'shared alpine-secdb not present' }, async () => {
  const { store, summary } = await buildStore([SHARED + 'alpine-secdb/v3.9-main.yaml']);
  assert.deepEqual(summary.warnings, []);
  const ids = (pkg: string) => store.affected('alpine:v3.9', pkg).map((h) => store.vuln(h.vuln).id);
  assert.ok(ids('ansible').includes('CVE-2018-16859'), '"CVE 2018-16859" repaired');
  assert.ok(ids('xen').includes('XSA-284'), 'XSA id when there is no CVE yet');
  assert.equal(store.metadata().sources[0].name, 'alpine-secdb');
  store.close();
});

test('a secdb YAML with an unknown tag is imported without a process warning (stderr, past --quiet)', async () => {
  const dir = makeTempDir('drydock-secdb-tag-');
  const file = join(dir, 'v3.9-main.yaml');
  writeFileSync(file, `distroversion: v3.9\nreponame: main\nurlprefix: http://dl-cdn.alpinelinux.org/alpine\napkurl: x\npackages:\n  - pkg:\n      name: busybox\n      secfixes:\n        1.29.3-r10: !weird\n          - CVE-2018-20679\n`);
  const emitted: string[] = [];
  const onWarning = (w: Error) => emitted.push(w.message);
  process.on('warning', onWarning);
  try {
    const { store } = await buildStore([file]);
    assert.deepEqual(store.affected('alpine:v3.9', 'busybox').map((h) => store.vuln(h.vuln).id), ['CVE-2018-20679']);
    store.close();
    // process warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(emitted, []);
});
