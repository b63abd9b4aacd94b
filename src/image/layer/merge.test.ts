import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeLayers } from './merge.js';
import type { FileMeta, LayerAnalysis } from './types.js';
import type { Package } from '../../sbom/model.js';
import { inTime } from '../../../test/helpers/in-time.js';

type Spec = Record<string, string | { link: string } | { hard: string } | 'dir'>;

function layer(index: number, spec: Spec, extra: Partial<LayerAnalysis> = {}): LayerAnalysis {
  const files: FileMeta[] = [];
  const contents = new Map<string, Buffer>();
  for (const [path, v] of Object.entries(spec)) {
    const base = { path, mode: 0o644, uid: 0, gid: 0, size: 0 };
    if (v === 'dir') files.push({ ...base, kind: 'dir' });
    else if (typeof v === 'string') {
      files.push({ ...base, kind: 'file', size: v.length });
      contents.set(path, Buffer.from(v));
    } else if ('link' in v) files.push({ ...base, kind: 'symlink', linkTarget: v.link });
    else files.push({ ...base, kind: 'hardlink', linkTarget: v.hard });
  }
  return { index, diffId: `sha256:${index}`, createdBy: `step ${index}`, files, whiteouts: [], opaqueDirs: [], contents, parsed: new Map(), warnings: [], ...extra };
}

const pkg = (name: string): Package => ({ name, version: '1', type: 'deb', purl: '', licenses: [], locations: [{ path: name }], foundBy: 't' });

test('whiteouts hide a path and its subtree from lower layers only', () => {
  const fs = mergeLayers([
    layer(0, { '/etc': 'dir', '/etc/issue.net': 'a', '/usr/bin/which': 'w', '/opt/app/lib/a.jar': 'j', '/opt/app/x': 'x', '/opt/apple': 'keep' }),
    layer(1, { '/opt/app/new': 'n' }, { whiteouts: ['/etc/issue.net', '/opt/app'] }),
  ]);
  assert.equal(fs.stat('/etc/issue.net'), undefined);
  assert.equal(fs.stat('/opt/app/lib/a.jar'), undefined);
  assert.equal(fs.stat('/opt/app/x'), undefined);
  assert.equal(fs.read('/opt/app/new')?.toString(), 'n'); // same-layer content survives its own whiteout
  assert.equal(fs.read('/opt/apple')?.toString(), 'keep'); // prefix of a name is not "under"
  assert.equal(fs.read('/usr/bin/which')?.toString(), 'w'); // snyk's regex bug
  assert.equal(fs.layerOf('/usr/bin/which')?.index, 0);
});

test('opaque directories hide lower children but keep the directory and same-layer files', () => {
  const fs = mergeLayers([
    layer(0, { '/etc/cron.daily': 'dir', '/etc/cron.daily/dpkg': 'd', '/etc/cron.daily/sub/x': 'x', '/etc/other': 'o' }),
    layer(1, { '/etc/cron.daily': 'dir', '/etc/cron.daily/mine': 'm' }, { opaqueDirs: ['/etc/cron.daily'] }),
  ]);
  assert.equal(fs.stat('/etc/cron.daily/dpkg'), undefined);
  assert.equal(fs.stat('/etc/cron.daily/sub/x'), undefined);
  assert.equal(fs.stat('/etc/cron.daily')?.layerIndex, 1);
  assert.equal(fs.read('/etc/cron.daily/mine')?.toString(), 'm');
  assert.equal(fs.read('/etc/other')?.toString(), 'o');
});

test('later layers override; a file replacing a directory hides its children', () => {
  const fs = mergeLayers([layer(0, { '/a': 'old', '/d/x': 'x', '/d/y/z': 'z' }), layer(1, { '/a': 'new', '/d': 'file now' })]);
  assert.equal(fs.read('/a')?.toString(), 'new');
  assert.deepEqual(fs.layerOf('/a'), { index: 1, diffId: 'sha256:1', createdBy: 'step 1' });
  assert.equal(fs.stat('/d/x'), undefined);
  assert.equal(fs.stat('/d/y/z'), undefined);
  assert.deepEqual([...fs.files()].map((f) => f.path).sort(), ['/a', '/d']);
});

test('symlinks: absolute, relative, in directories, loops and escapes', () => {
  const fs = mergeLayers([
    layer(0, {
      '/usr/lib/os-release': 'ID=debian',
      '/etc/os-release': { link: '../usr/lib/os-release' },
      '/lib': { link: 'usr/lib' },
      '/abs': { link: '/lib/os-release' },
      '/loop1': { link: 'loop2' },
      '/loop2': { link: '/loop1' },
      '/self': { link: 'self/x' },
      '/esc': { link: '../../../../usr/lib/os-release' },
      '/hl': { hard: 'usr/lib/os-release' },
      '/file': 'f',
    }),
  ]);
  assert.equal(fs.read('/etc/os-release')?.toString(), 'ID=debian');
  assert.equal(fs.realPath('/lib/os-release'), '/usr/lib/os-release');
  assert.equal(fs.read('/abs')?.toString(), 'ID=debian');
  assert.equal(fs.read('/esc')?.toString(), 'ID=debian'); // ".." clamps at "/"
  assert.equal(fs.read('/hl')?.toString(), 'ID=debian');
  assert.equal(fs.read('/loop1'), undefined);
  assert.equal(fs.realPath('/loop1'), undefined);
  assert.equal(fs.read('/self'), undefined);
  assert.equal(fs.read('/file/below'), undefined); // a file is not a directory
  assert.equal(fs.read('/missing'), undefined);
  assert.equal(fs.stat('/lib')?.kind, 'symlink'); // stat does not follow
});

test('packages survive only with their file, from the layer that parsed them', () => {
  const l0 = layer(0, { '/var/lib/dpkg/status': 'v1', '/app/a.jar': 'a', '/app/gone.jar': 'g' });
  l0.parsed.set('/var/lib/dpkg/status', [pkg('old-dpkg')]);
  l0.parsed.set('/app/a.jar', [pkg('a')]);
  l0.parsed.set('/app/gone.jar', [pkg('gone')]);
  const l1 = layer(1, { '/var/lib/dpkg/status': 'v2' }, { whiteouts: ['/app/gone.jar'] });
  l1.parsed.set('/var/lib/dpkg/status', [pkg('new-dpkg')]);
  l1.warnings.push({ message: 'w1' });
  const fs = mergeLayers([l0, l1]);
  assert.deepEqual(fs.packages().map((p) => p.name).sort(), ['a', 'new-dpkg']);
  assert.deepEqual(fs.warnings, [{ message: 'w1' }]);
  // overridden by a later layer without a parse: nothing from the lower one
  const fs2 = mergeLayers([l0, layer(1, { '/app/a.jar': 'replaced' })]);
  assert.ok(!fs2.packages().some((p) => p.name === 'a'));
});

test('collected() lists the read files of the final filesystem only', () => {
  const fs = mergeLayers([
    layer(0, { '/etc/a': 'a', '/etc/b': 'b', '/opt/x/RELEASE-NOTES': 'r', '/usr/c': 'c' }),
    layer(1, { '/etc/b': 'b2', '/usr/c': { link: '/etc/a' } }, { whiteouts: ['/opt/x'] }),
  ]);
  assert.deepEqual([...fs.collected()].sort(), ['/etc/a', '/etc/b']);
  assert.equal(fs.read('/etc/b')?.toString(), 'b2');
});

test('entries of the merged tree are the layer metas plus their layer index, field for field, in FileMeta order', () => {
  const layers = [layer(0, { '/etc': 'dir', '/etc/a': 'x', '/bin/sh': { link: 'dash' } }), layer(3, { '/etc/b': { hard: '/etc/a' } })];
  const fs = mergeLayers(layers);
  for (const l of layers) for (const meta of l.files) assert.deepEqual(fs.stat(meta.path), { ...meta, layerIndex: l.index }, meta.path);
  const plain = 'path,kind,mode,uid,gid,size,layerIndex';
  const link = 'path,kind,mode,uid,gid,size,linkTarget,layerIndex';
  assert.deepEqual([...fs.files()].map((e) => Object.keys(e).join(',')), [plain, plain, link, link]);
});

test('a whiteout over a megabyte-deep tree removes it without overflowing the stack (removal recursed per level)', () => {
  const deep = '/' + Array(300_000).fill('a').join('/');
  const fs = mergeLayers([layer(0, { [deep]: 'x', '/a/b': 'y', '/keep': 'k' }), layer(1, {}, { whiteouts: ['/a'] }), layer(2, {}, { opaqueDirs: ['/'] })]);
  assert.equal(fs.stat(deep), undefined);
  assert.equal(fs.stat('/a/b'), undefined);
  assert.deepEqual([...fs.files()], []);
  const kept = mergeLayers([layer(0, { [deep]: 'x', '/keep': 'k' }), layer(1, {}, { opaqueDirs: ['/a/a'] })]);
  assert.deepEqual([...kept.files()].map((e) => e.path), ['/keep']);
});

test('symlinks to targets longer than PATH_MAX do not resolve, in linear time (each step hashed the whole path)', { timeout: 20_000 }, inTime(10_000, () => {
  // a 1 MB target took minutes to resolve; the kernel refuses it (ENAMETOOLONG)
  const deep = '/' + Array(500_000).fill('a').join('/');
  const fs = mergeLayers([layer(0, { '/etc/os-release': { link: deep }, [deep]: 'x', '/etc/ok': { link: '../usr/lib/os-release' }, '/usr/lib/os-release': 'ID=debian' })]);
  assert.equal(fs.read('/etc/os-release'), undefined);
  assert.equal(fs.read('/etc/ok')?.toString(), 'ID=debian');
  // just under the limit still resolves
  const long = '/' + Array(2000).fill('b').join('/');
  assert.equal(mergeLayers([layer(0, { '/x': { link: long }, [long]: 'y' })]).read('/x')?.toString(), 'y');
}));
