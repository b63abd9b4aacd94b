// Deterministic synthetic OSV bulk export (zip, zip64 when > 65,535 entries) for the vulndb benchmark.
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, constants } from 'node:zlib';
import { mulberry32 } from '../src/versioning/testing/random.js';

export const BENCH_ECOSYSTEMS = [
  { ecosystem: 'npm', type: 'npm' },
  { ecosystem: 'Maven', type: 'maven' },
  { ecosystem: 'PyPI', type: 'pypi' },
  { ecosystem: 'Go', type: 'golang' },
  { ecosystem: 'Debian:12', type: 'deb' },
  { ecosystem: 'Alpine:v3.20', type: 'apk' },
] as const;

/** Small deterministic PRNG (mulberry32), shared with the differential tests. */
export const rng = mulberry32;

export const PACKAGES_PER_ECOSYSTEM = 20000;

export function benchPackageName(eco: string, i: number): string {
  if (eco === 'Maven') return `org.example${i % 97}:artifact-${i}`;
  if (eco === 'Go') return `github.com/example${i % 89}/module-${i}`;
  return `package-${i}`;
}

export function benchVersion(eco: string, major: number, minor: number, patch: number): string {
  if (eco === 'Debian:12') return `${major}.${minor}.${patch}-1+deb12u1`;
  if (eco === 'Alpine:v3.20') return `${major}.${minor}.${patch}-r0`;
  return `${major}.${minor}.${patch}`;
}

const WORDS = 'buffer overflow in parser allows remote attackers to cause denial of service via crafted input when handling untrusted data memory corruption'.split(' ');

function record(i: number, r: () => number): object {
  const eco = BENCH_ECOSYSTEMS[i % BENCH_ECOSYSTEMS.length].ecosystem;
  const pkg = benchPackageName(eco, Math.floor(r() * PACKAGES_PER_ECOSYSTEM));
  const maj = Math.floor(r() * 5);
  const min = Math.floor(r() * 20);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  const cve = `CVE-${2015 + (i % 10)}-${String(10000 + i).padStart(6, '0')}`;
  return {
    schema_version: '1.6.0',
    id: `SYN-${String(i).padStart(7, '0')}`,
    modified: '2025-01-01T00:00:00Z',
    published: '2024-06-01T00:00:00Z',
    aliases: [cve],
    summary: words(8),
    details: words(40),
    severity: [{ type: 'CVSS_V3', score: `CVSS:3.1/AV:N/AC:${r() < 0.5 ? 'L' : 'H'}/PR:N/UI:N/S:U/C:H/I:${r() < 0.5 ? 'H' : 'N'}/A:H` }],
    affected: [
      {
        package: { ecosystem: eco, name: pkg },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: benchVersion(eco, maj, 0, 0) }, { fixed: benchVersion(eco, maj, min, Math.floor(r() * 10)) }] }],
      },
    ],
    references: [{ type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/${cve}` }, { type: 'WEB', url: `https://example.org/advisories/${i}` }],
  };
}

/** Write `count` records to `path` as an OSV export zip; returns the file size. */
export function writeSyntheticExport(path: string, count: number, seed = 42): number {
  const r = rng(seed);
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingLen = 0;
  const write = (b: Buffer) => {
    pending.push(b);
    pendingLen += b.length;
    if (pendingLen > 8 << 20) flush();
  };
  const flush = () => {
    const all = Buffer.concat(pending);
    writeSync(fd, all);
    pending = [];
    pendingLen = 0;
  };
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`SYN-${String(i).padStart(7, '0')}.json`);
    const raw = Buffer.from(JSON.stringify(record(i, r)));
    const data = deflateRawSync(raw, { level: constants.Z_BEST_SPEED });
    const crc = crc32(raw);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(raw.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    write(lh);
    write(name);
    write(data);
    offset += 30 + name.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  write(cdBuf);
  const cdOffset = offset;
  offset += cdBuf.length;
  // zip64 end of central directory record + locator, then the classic record with "see zip64" markers
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(count), 24);
  z64.writeBigUInt64LE(BigInt(count), 32);
  z64.writeBigUInt64LE(BigInt(cdBuf.length), 40);
  z64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(offset), 8);
  loc.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(count, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(count, 0xffff), 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(Math.min(cdOffset, 0xffffffff), 16);
  write(z64);
  write(loc);
  write(eocd);
  flush();
  closeSync(fd);
  return offset + 56 + 20 + 22;
}
