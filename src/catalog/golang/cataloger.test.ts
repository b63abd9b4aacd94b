import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileInput } from '../../image/layer/types.js';
import { parseGoBinary, stdlibVersion, wantsExecutable } from './cataloger.js';
import { parseModInfo } from './buildinfo.js';
import { makeTempDir } from '../../../test/helpers/tmp.js';

const DATA = new URL('../../../../shared/data/gobin/', import.meta.url).pathname;
const input = (path: string, content: Buffer): FileInput => ({ meta: { path, kind: 'file', mode: 0o755, uid: 0, gid: 0, size: content.length }, content, layerIndex: 2 });

function goVersionM(file: string): string | undefined {
  try {
    const dir = makeTempDir('drydock-go-');
    copyFileSync(file, join(dir, 'bin'));
    chmodSync(join(dir, 'bin'), 0o755); // go version -m refuses non-executable files
    return execFileSync('go', ['version', '-m', join(dir, 'bin')]).toString();
  } catch {
    return undefined;
  }
}

test('real Go binaries agree with `go version -m`', async (t) => {
  if (!existsSync(DATA)) return t.skip(`${DATA} absent`);
  const files = readdirSync(DATA);
  assert.ok(files.length >= 2);
  for (const f of files) {
    const warnings: string[] = [];
    const pkgs = parseGoBinary(input('/usr/bin/' + f, readFileSync(DATA + f)), (m) => warnings.push(m));
    assert.deepEqual(warnings, []);
    const ref = goVersionM(DATA + f);
    if (!ref) {
      t.diagnostic(`go not installed: checked ${f} against its documented origin only`);
      assert.ok(pkgs.some((p) => p.name === 'stdlib'));
      continue;
    }
    const [head, ...lines] = ref.split('\n');
    const expected = new Set<string>([`pkg:golang/stdlib@${stdlibVersion(head.split(': ')[1])}`]);
    const mod = parseModInfo(lines.map((l) => l.replace(/^\t/, '')).join('\n'));
    for (const m of [mod.main, ...mod.deps]) if (m) expected.add(`${m.path}@${m.version}`);
    const got = new Set(pkgs.map((p) => (p.name === 'stdlib' ? p.purl : `${p.name}@${p.version}`)));
    assert.deepEqual(got, expected, f);
  }
});

test('replacement: the replacing module is reported, the original noted', async (t) => {
  const f = DATA + 'scalibr-binary_with_module_replacement-linux-amd64';
  if (!existsSync(f)) return t.skip('absent');
  const pkgs = parseGoBinary(input('/app/bin', readFileSync(f)), () => {});
  const x = pkgs.find((p) => p.name === 'github.com/golang/xerrors');
  assert.equal(x?.purl, 'pkg:golang/github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2');
  assert.equal(x?.metadata?.replacedPath, 'golang.org/x/xerrors');
  const main = pkgs.find((p) => p.metadata?.mainModule);
  assert.equal(main?.version, '(devel)');
  assert.equal(pkgs.find((p) => p.name === 'stdlib')?.purl, 'pkg:golang/stdlib@1.22.0');
  assert.equal(x?.locations[0].layerIndex, 2);
});

test('non-Go ELF: nothing, silently; truncated ELF: a warning', async (t) => {
  const ls = '/bin/ls';
  if (!existsSync(ls)) return t.skip('/bin/ls absent');
  const warnings: string[] = [];
  assert.deepEqual(parseGoBinary(input(ls, readFileSync(ls)), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 0);
  const lsBuf = readFileSync(ls);
  assert.deepEqual(parseGoBinary(input(ls, lsBuf.subarray(0, lsBuf.length / 2)), (m) => warnings.push(m)), []);
  assert.match(warnings[0], /truncated/);
  assert.deepEqual(parseGoBinary(input('/x', Buffer.from('#!/bin/sh\necho hi\n')), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 1);
});

test('wants: executables and bin dirs of plausible size only', () => {
  const m = (path: string, mode: number, size: number) => ({ path, kind: 'file' as const, mode, uid: 0, gid: 0, size });
  assert.equal(wantsExecutable(m('/usr/local/bin/app', 0o755, 10_000_000)), true);
  assert.equal(wantsExecutable(m('/usr/bin/app', 0o644, 10_000_000)), true);
  assert.equal(wantsExecutable(m('/etc/passwd', 0o644, 10_000)), false);
  assert.equal(wantsExecutable(m('/usr/bin/tiny', 0o755, 100)), false);
  assert.equal(stdlibVersion('go1.21.0 X:boringcrypto'), '1.21.0');
  assert.equal(stdlibVersion('devel +abc'), undefined);
});
