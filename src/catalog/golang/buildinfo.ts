// Go module build info ("\xff Go buildinf:"), as debug/buildinfo reads it, without running the binary.
// Go >= 1.18: version and module text are varint-prefixed strings after the 32-byte header (flag bit 2).
// Older: two pointers to Go string headers {ptr, len}, resolved through the ELF load segments.
import { type ElfFile, ElfError, readAddr, sectionData } from './elf.js';

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

export interface GoBuildInfo {
  goVersion: string;
  /** the module text ("path\t…\nmod\t…\ndep\t…"), sentinels removed */
  modInfo: string;
}

function readVarint(b: Buffer, pos: number): [number, number] | undefined {
  let v = 0;
  let shift = 0;
  for (let i = pos; i < b.length && i < pos + 10; i++) {
    v += (b[i] & 0x7f) * 2 ** shift;
    if ((b[i] & 0x80) === 0) return [v, i + 1];
    shift += 7;
  }
  return undefined;
}

function stripSentinels(s: Buffer): string {
  // runtime/debug.modinfo is wrapped in 16 bytes of random-looking sentinels at each end
  if (s.length >= 33 && s[s.length - 17] === 0x0a) return s.subarray(16, s.length - 16).toString('utf8');
  return s.toString('utf8');
}

/** undefined when the binary carries no Go build info; throws ElfError when it is damaged. */
export function readGoBuildInfo(elf: ElfFile): GoBuildInfo | undefined {
  let region = sectionData(elf, '.go.buildinfo');
  let at = region ? region.indexOf(BUILDINFO_MAGIC) : -1;
  if (at < 0) {
    // no section headers (stripped with sstrip etc.): fall back to scanning the file
    if (elf.sections.length > 0) return undefined;
    region = elf.buf;
    at = region.indexOf(BUILDINFO_MAGIC);
    if (at < 0) return undefined;
  }
  const h = region!.subarray(at);
  if (h.length < 32) throw new ElfError('Go build info header truncated');
  const ptrSize = h[14];
  const flags = h[15];
  if ((flags & 2) !== 0) {
    const v = readVarint(h, 32);
    if (!v || v[1] + v[0] > h.length) throw new ElfError('Go build info version truncated');
    const goVersion = h.toString('utf8', v[1], v[1] + v[0]);
    const m = readVarint(h, v[1] + v[0]);
    if (!m || m[1] + m[0] > h.length) throw new ElfError('Go build info module data truncated');
    return { goVersion, modInfo: stripSentinels(h.subarray(m[1], m[1] + m[0])) };
  }
  if (ptrSize !== 4 && ptrSize !== 8) throw new ElfError(`Go build info: bad pointer size ${ptrSize}`);
  const big = (flags & 1) !== 0;
  const ptr = (b: Buffer, o: number): bigint =>
    ptrSize === 8 ? (big ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o)) : BigInt(big ? b.readUInt32BE(o) : b.readUInt32LE(o));
  const goString = (addr: bigint): Buffer | undefined => {
    const hdr = readAddr(elf, addr, ptrSize * 2);
    if (!hdr) return undefined;
    const data = ptr(hdr, 0);
    const len = Number(ptr(hdr, ptrSize));
    if (len === 0) return Buffer.alloc(0);
    if (len > 64 * 1024 * 1024) return undefined;
    return readAddr(elf, data, len);
  };
  const version = goString(ptr(h, 16));
  const mod = goString(ptr(h, 16 + ptrSize));
  if (!version) throw new ElfError('Go build info: version string not found in the file');
  return { goVersion: version.toString('utf8'), modInfo: mod ? stripSentinels(mod) : '' };
}

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** set when a "=>" line replaced this module */
  replacedFrom?: { path: string; version: string };
}

export interface GoModInfo {
  /** the main package path ("path" line) */
  mainPath?: string;
  main?: GoModule;
  deps: GoModule[];
  settings: Map<string, string>;
}

/** Parses the module text; a "=>" line replaces the module on the line before it. */
export function parseModInfo(text: string): GoModInfo {
  const info: GoModInfo = { deps: [], settings: new Map() };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        info.mainPath = f[1];
        break;
      case 'mod':
        last = { path: f[1] ?? '', version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) };
        info.main = last;
        break;
      case 'dep':
        last = { path: f[1] ?? '', version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) };
        info.deps.push(last);
        break;
      case '=>':
        if (last) {
          last.replacedFrom = { path: last.path, version: last.version };
          last.path = f[1] ?? last.path;
          last.version = f[2] ?? ''; // a local-directory replacement has no version
          if (f[3]) last.sum = f[3];
          else delete last.sum;
        }
        break;
      case 'build': {
        const kv = f[1] ?? '';
        const i = kv.indexOf('=');
        if (i > 0) info.settings.set(kv.slice(0, i), kv.slice(i + 1));
        break;
      }
    }
  }
  return info;
}
