import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hasSection, parseElf, sectionData, sectionName } from './elf.js';

function hasReadelf(): boolean {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** [name, address, offset, size] of every section but the null one, as binutils' readelf prints them. */
function readelfSections(path: string): Array<[string, bigint, number, number]> {
  const out: Array<[string, bigint, number, number]> = [];
  for (const line of execFileSync('readelf', ['-SW', path], { encoding: 'utf8' }).split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
    if (m && m[1] !== '0') out.push([m[2], BigInt('0x' + m[3]), parseInt(m[4], 16), parseInt(m[5], 16)]);
  }
  return out;
}

test('section table agrees with readelf on the executables of this machine', (t) => {
  if (!hasReadelf()) return t.skip('readelf (binutils) not installed');
  const files: string[] = [];
  for (const dir of ['/usr/bin', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu']) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const p = `${dir}/${f}`;
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size > 16e6) continue;
      const head = readFileSync(p).subarray(0, 4);
      if (head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) files.push(p);
      if (files.length >= 25) break;
    }
  }
  assert.ok(files.length > 5, 'some ELF files to compare');
  for (const p of files) {
    const elf = parseElf(readFileSync(p));
    const ours = elf.sections.slice(1).map((s) => [sectionName(elf, s), s.addr, s.offset, s.size]);
    assert.deepEqual(ours, readelfSections(p), p);
    for (const [name, , offset, size] of readelfSections(p).slice(0, 6)) {
      const data = sectionData(elf, name);
      // NOBITS sections (.bss) have no bytes in the file
      if (data) assert.deepEqual([data.byteOffset - elf.buf.byteOffset, data.length], [offset, size], `${p} ${name}`);
    }
  }
});

test('32-bit big-endian ELF: sections found by name', () => {
  const names = ['', '.text', '.go.buildinfo', '.shstrtab'];
  const strtab = Buffer.from(names.join('\0') + '\0');
  const text = Buffer.from('code');
  const info = Buffer.from('\xff Go buildinf:', 'latin1');
  const offsets = [52, 52 + text.length, 52 + text.length + info.length];
  const shoff = offsets[2] + strtab.length;
  const h = Buffer.alloc(52);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]).copy(h);
  h.writeUInt32BE(shoff, 0x20);
  h.writeUInt16BE(40, 0x2e);
  h.writeUInt16BE(names.length, 0x30);
  h.writeUInt16BE(3, 0x32);
  const sh = Buffer.alloc(40 * names.length);
  [text, info, strtab].forEach((d, i) => {
    const b = (i + 1) * 40;
    sh.writeUInt32BE(names.slice(0, i + 1).reduce((a, n) => a + n.length + 1, 0), b);
    sh.writeUInt32BE(i === 2 ? 3 : 1, b + 4);
    sh.writeUInt32BE(0x1000 * (i + 1), b + 12);
    sh.writeUInt32BE(offsets[i], b + 16);
    sh.writeUInt32BE(d.length, b + 20);
  });
  const file = Buffer.concat([h, text, info, strtab, sh]);
  const elf = parseElf(file);
  assert.deepEqual(elf.sections.map((s) => sectionName(elf, s)), names);
  assert.deepEqual([hasSection(file, '.go.buildinfo'), hasSection(file, '.shstrtab'), hasSection(file, '.go'), hasSection(file, '.dep-v0')], [true, true, false, false]);
  assert.deepEqual(sectionData(elf, '.go.buildinfo'), info);
  assert.equal(elf.sections[2].addr, 0x2000n);
  // a prefix or an extension of a name is not the name
  assert.equal(sectionData(elf, '.go'), undefined);
  assert.equal(sectionData(elf, '.text.x'), undefined);
});

test('hasSection answers as the full parse does, and leaves truncated or table-less files to it', () => {
  const files: string[] = [];
  const gobin = new URL('../../../../shared/data/gobin/', import.meta.url).pathname;
  if (existsSync(gobin)) for (const f of readdirSync(gobin)) files.push(gobin + f);
  for (const dir of ['/usr/bin', '/usr/sbin']) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).slice(0, 200)) {
      const st = statSync(`${dir}/${f}`, { throwIfNoEntry: false });
      if (st?.isFile() && st.size < 16e6) files.push(`${dir}/${f}`);
    }
  }
  let elves = 0;
  for (const p of files) {
    const buf = readFileSync(p);
    let elf;
    try {
      elf = parseElf(buf);
    } catch {
      continue; // not an ELF file (scripts): both sides agree below only on ELF files
    }
    elves++;
    for (const name of ['.go.buildinfo', '.dep-v0', '.text', '.note.gnu.build-id']) {
      assert.equal(hasSection(buf, name), elf.sections.length > 0 ? elf.sections.some((s) => sectionName(elf, s) === name) : undefined, `${p} ${name}`);
    }
    // cut inside the section table: the full parse reports it, so the quick answer must not claim "absent"
    const shoff = elf.is64 ? Number(elf.littleEndian ? buf.readBigUInt64LE(0x28) : buf.readBigUInt64BE(0x28)) : elf.littleEndian ? buf.readUInt32LE(0x20) : buf.readUInt32BE(0x20);
    if (shoff === 0) continue;
    const cut = buf.subarray(0, shoff + 10);
    assert.throws(() => parseElf(cut), /truncated/);
    assert.equal(hasSection(cut, '.go.buildinfo'), undefined, p);
  }
  assert.ok(elves >= 5, `only ${elves} ELF files found to compare`);
});
