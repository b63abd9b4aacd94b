import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DrydockError } from '../../errors.js';
import { VulnStoreWriter } from '../writer.js';
import { openVulnStore } from '../store.js';
import { makeImportContext } from './context.js';
import { importOsvZip } from './zip.js';
import { tempDbPath } from '../test-store.js';

const SHARED = new URL('../../../../shared/data/', import.meta.url).pathname;
const skip = existsSync(SHARED + 'osv/Go-all.zip') ? false : 'shared data osv/Go-all.zip not present';

async function importWith(zip: string, workers: number) {
  const path = tempDbPath();
  const w = VulnStoreWriter.open(path, { fresh: true });
  const ctx = makeImportContext(w);
  try {
    await importOsvZip(ctx, zip, { workers, minEntries: 0 });
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
  return { path, ctx };
}

test('worker-thread zip import stores exactly what the in-thread import stores', { skip }, async () => {
  const seq = await importWith(SHARED + 'osv/Go-all.zip', 0);
  const par = await importWith(SHARED + 'osv/Go-all.zip', 2);
  const a = openVulnStore(seq.path);
  const b = openVulnStore(par.path);
  assert.deepEqual(b.counts(), a.counts());
  assert.equal(b.counts().vulns, 4274);
  for (const name of ['golang.org/x/net', 'github.com/gin-gonic/gin', 'stdlib']) {
    const ids = (s: typeof a) => s.affected('go', name).map((h) => s.vuln(h.vuln).id).sort();
    assert.deepEqual(ids(b), ids(a), name);
  }
  assert.deepEqual(par.ctx.warnings, seq.ctx.warnings);
  a.close();
  b.close();
});

test('worker-thread zip import reports a truncated zip by name', { skip }, async () => {
  const bad = join(dirname(tempDbPath()), 'Go-all.zip');
  writeFileSync(bad, readFileSync(SHARED + 'osv/Go-all.zip').subarray(0, 2_000_000));
  await assert.rejects(importWith(bad, 2), (e: DrydockError) => e.code === 'INVALID_INPUT' && e.message.includes(bad));
});
