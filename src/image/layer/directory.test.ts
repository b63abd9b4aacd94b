import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDirectory } from './directory.js';
import { mergeLayers } from './merge.js';
import type { Cataloger } from '../../catalog/types.js';
import { isDrydockError } from '../../errors.js';

test('walks a root filesystem with lstat: symlinks recorded, never followed; wanted files read', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'drydock-rootfs-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const outside = await mkdtemp(join(tmpdir(), 'drydock-outside-'));
  t.after(() => rm(outside, { recursive: true, force: true }));
  await writeFile(join(outside, 'secret'), 'do not read');
  await mkdir(join(root, 'etc'), { recursive: true });
  await mkdir(join(root, 'usr/lib'), { recursive: true });
  await writeFile(join(root, 'usr/lib/os-release'), 'ID=alpine\n');
  await symlink('../usr/lib/os-release', join(root, 'etc/os-release'));
  await symlink(outside, join(root, 'etc/escape'));
  await symlink('loop-b', join(root, 'loop-a'));
  await symlink('loop-a', join(root, 'loop-b'));
  await writeFile(join(root, 'big'), Buffer.alloc(2048));
  const read: string[] = [];
  const cat: Cataloger = {
    name: 'c',
    wants: (m) => m.path.endsWith('os-release') || m.path === '/big' || m.path.includes('secret'),
    maxFileSize: 1024,
    parseFile: (f) => (read.push(f.meta.path), []),
    catalog: () => ({ packages: [] }),
  };
  const a = await analyzeDirectory(root, [cat]);
  assert.deepEqual(read, ['/usr/lib/os-release']);
  assert.equal(a.files.find((f) => f.path === '/etc/escape')?.kind, 'symlink');
  assert.ok(!a.files.some((f) => f.path.includes('secret')));
  assert.ok(a.warnings.some((w) => w.file === '/big'));
  const fs = mergeLayers([a]);
  assert.equal(fs.read('/etc/os-release')?.toString(), 'ID=alpine\n');
  assert.equal(fs.read('/loop-a'), undefined);
  assert.equal(fs.read('/etc/escape/secret'), undefined);
});

test('missing directory is NOT_FOUND', async () => {
  await assert.rejects(analyzeDirectory('/nonexistent/drydock', []), (e) => isDrydockError(e) && e.code === 'NOT_FOUND');
});
