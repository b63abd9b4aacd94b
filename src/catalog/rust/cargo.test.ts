import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import type { FileInput } from '../../image/layer/types.js';
import { parseAuditableBinary, parseCargoLock } from './cargo.js';

/** A minimal little-endian ELF64 with the given sections (enough for section lookup). */
function elfWithSections(sections: Array<[string, Buffer]>): Buffer {
  const names = ['', ...sections.map((s) => s[0]), '.shstrtab'];
  const strtab = Buffer.from(names.join('\0') + '\0');
  const nameOff = names.map((_, i) => names.slice(0, i).reduce((a, n) => a + n.length + 1, 0));
  const datas = [...sections.map((s) => s[1]), strtab];
  let off = 64;
  const offsets = datas.map((d) => ((off += d.length), off - d.length));
  const shoff = off;
  const sh = Buffer.alloc(64 * names.length);
  datas.forEach((d, i) => {
    const b = (i + 1) * 64;
    sh.writeUInt32LE(nameOff[i + 1], b);
    sh.writeUInt32LE(i === datas.length - 1 ? 3 : 1, b + 4);
    sh.writeBigUInt64LE(BigInt(offsets[i]), b + 24);
    sh.writeBigUInt64LE(BigInt(d.length), b + 32);
  });
  const h = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(h);
  h.writeUInt16LE(2, 16);
  h.writeBigUInt64LE(BigInt(shoff), 0x28);
  h.writeUInt16LE(64, 0x3a);
  h.writeUInt16LE(names.length, 0x3c);
  h.writeUInt16LE(names.length - 1, 0x3e);
  return Buffer.concat([h, ...datas, sh]);
}
const input = (content: Buffer): FileInput => ({ meta: { path: '/usr/bin/rg', kind: 'file', mode: 0o755, uid: 0, gid: 0, size: content.length }, content, layerIndex: 0 });

test('cargo-auditable .dep-v0: runtime packages, build deps skipped', () => {
  const json = { packages: [
    { name: 'rg', version: '13.0.0', source: 'local', kind: 'runtime', root: true },
    { name: 'regex', version: '1.7.1', source: 'crates.io', dependencies: [] },
    { name: 'cc', version: '1.0.79', source: 'crates.io', kind: 'build' },
  ] };
  const bin = elfWithSections([['.text', Buffer.alloc(16)], ['.dep-v0', deflateSync(JSON.stringify(json))]]);
  const pkgs = parseAuditableBinary(input(bin), (m) => assert.fail(m));
  assert.deepEqual(pkgs.map((p) => p.purl), ['pkg:cargo/rg@13.0.0', 'pkg:cargo/regex@1.7.1']);
});

test('no section: nothing; garbage section: a warning', () => {
  assert.deepEqual(parseAuditableBinary(input(elfWithSections([['.text', Buffer.alloc(8)]])), (m) => assert.fail(m)), []);
  const warnings: string[] = [];
  assert.deepEqual(parseAuditableBinary(input(elfWithSections([['.dep-v0', Buffer.from('not zlib')]])), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 1);
});

test('Cargo.lock', () => {
  const lock = 'version = 3\n\n[[package]]\nname = "aho-corasick"\nversion = "0.7.20"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = [\n "memchr",\n]\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n';
  assert.deepEqual(parseCargoLock(lock, { path: '/src/Cargo.lock' }, () => {}).map((p) => p.purl), ['pkg:cargo/aho-corasick@0.7.20', 'pkg:cargo/app@0.1.0']);
});
