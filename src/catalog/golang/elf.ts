// A small ELF reader: just enough for section lookup and virtual-address reads (Go build info, cargo-auditable).

export interface ElfSection {
  /** offset of the name in the section-name string table (see sectionName) */
  nameOff: number;
  type: number;
  addr: bigint;
  offset: number;
  size: number;
}

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
}

export interface ElfFile {
  is64: boolean;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
  /** file offset of the section-name string table (-1 when absent or outside the file) */
  strtab: number;
  buf: Buffer;
}

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

export function isElf(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

export class ElfError extends Error {}

// The Go and the cargo-auditable catalogers both look at every executable of an image: headers are parsed once
// per file content (the walk hands both the same Buffer).
const parsed = new WeakMap<Buffer, ElfFile>();

/**
 * Whether the section table names `name`, read in place without building the tables: nearly every executable of an
 * image is neither Go nor cargo-auditable, and this answers for them at a fraction of parseElf's cost. Undefined
 * when there is no usable section table (none, or truncated): the caller then parses, which scans or warns.
 */
export function hasSection(buf: Buffer, name: string): boolean | undefined {
  if (!isElf(buf) || buf.length < 64) return undefined;
  const { is64, le, shoff, shentsize, shnum, shstrndx } = readHeader(buf);
  if (shnum === 0 || shoff === 0 || shstrndx >= shnum || shentsize < (is64 ? 64 : 40) || shoff + shnum * shentsize > buf.length) return undefined;
  const st = shoff + shstrndx * shentsize;
  const strtab = is64 ? u64(buf, le, st + 24) : u32(buf, le, st + 16);
  if (strtab >= buf.length) return undefined;
  for (let i = 0; i < shnum; i++) if (nameAt(buf, strtab + u32(buf, le, shoff + i * shentsize), name)) return true;
  return false;
}

/** Parses headers; throws ElfError when the file is an ELF whose tables lie outside it (truncated). */
export function parseElf(buf: Buffer): ElfFile {
  let elf = parsed.get(buf);
  if (elf === undefined) parsed.set(buf, (elf = parseElfUncached(buf)));
  return elf;
}

// Every executable of an image passes through here, nearly all of them not Go or Rust: the header tables are read
// with plain functions (no closures per file), and section names stay undecoded (sectionData compares bytes).
function u16(b: Buffer, le: boolean, o: number): number {
  return le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}

function u32(b: Buffer, le: boolean, o: number): number {
  return le ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000 : b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

/** A 64-bit file offset or size as a number (beyond 2^53 it is past any file anyway and fails the bounds checks). */
function u64(b: Buffer, le: boolean, o: number): number {
  return le ? u32(b, le, o) + u32(b, le, o + 4) * 0x100000000 : u32(b, le, o) * 0x100000000 + u32(b, le, o + 4);
}

function addr64(b: Buffer, le: boolean, o: number): bigint {
  return le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o);
}

/** The ELF header's table fields; the caller checked the magic and that the header (52 or 64 bytes) is whole. */
function readHeader(buf: Buffer) {
  const is64 = buf[4] === 2;
  const le = buf[5] !== 2;
  return {
    is64,
    le,
    phoff: is64 ? u64(buf, le, 0x20) : u32(buf, le, 0x1c),
    shoff: is64 ? u64(buf, le, 0x28) : u32(buf, le, 0x20),
    phentsize: u16(buf, le, is64 ? 0x36 : 0x2a),
    phnum: u16(buf, le, is64 ? 0x38 : 0x2c),
    shentsize: u16(buf, le, is64 ? 0x3a : 0x2e),
    shnum: u16(buf, le, is64 ? 0x3c : 0x30),
    shstrndx: u16(buf, le, is64 ? 0x3e : 0x32),
  };
}

function parseElfUncached(buf: Buffer): ElfFile {
  if (!isElf(buf) || buf.length < 52) throw new ElfError('not an ELF file or too short');
  if (buf[4] === 2 && buf.length < 64) throw new ElfError('truncated ELF header');
  const { is64, le, phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx } = readHeader(buf);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phoff + phnum * phentsize > buf.length) throw new ElfError('program headers lie beyond the end of the file (truncated)');
    for (let i = 0; i < phnum; i++) {
      const b = phoff + i * phentsize;
      segments.push(
        is64
          ? { type: u32(buf, le, b), offset: u64(buf, le, b + 8), vaddr: addr64(buf, le, b + 16), filesz: u64(buf, le, b + 32) }
          : { type: u32(buf, le, b), offset: u32(buf, le, b + 4), vaddr: BigInt(u32(buf, le, b + 8)), filesz: u32(buf, le, b + 16) },
      );
    }
  }
  const sections: ElfSection[] = [];
  if (shnum > 0 && shoff > 0) {
    if (shoff + shnum * shentsize > buf.length) throw new ElfError('section headers lie beyond the end of the file (truncated)');
    for (let i = 0; i < shnum; i++) {
      const b = shoff + i * shentsize;
      sections.push(
        is64
          ? { nameOff: u32(buf, le, b), type: u32(buf, le, b + 4), addr: addr64(buf, le, b + 16), offset: u64(buf, le, b + 24), size: u64(buf, le, b + 32) }
          : { nameOff: u32(buf, le, b), type: u32(buf, le, b + 4), addr: BigInt(u32(buf, le, b + 12)), offset: u32(buf, le, b + 16), size: u32(buf, le, b + 20) },
      );
    }
  }
  const st = sections[shstrndx];
  const strtab = st && st.offset < buf.length ? st.offset : -1;
  return { is64, littleEndian: le, sections, segments, strtab, buf };
}

/** A section's name (NUL-terminated in the string table, at most 256 bytes read); '' when it cannot be found. */
export function sectionName(elf: ElfFile, s: ElfSection): string {
  const start = elf.strtab + s.nameOff;
  if (elf.strtab < 0 || start >= elf.buf.length) return '';
  const end = elf.buf.indexOf(0, start);
  return elf.buf.toString('latin1', start, end < 0 ? Math.min(elf.buf.length, start + 256) : end);
}

function nameIs(elf: ElfFile, s: ElfSection, name: string): boolean {
  return elf.strtab >= 0 && nameAt(elf.buf, elf.strtab + s.nameOff, name);
}

/** Whether the NUL-terminated string at `start` is `name`, compared as bytes. */
function nameAt(b: Buffer, start: number, name: string): boolean {
  if (start + name.length >= b.length || b[start + name.length] !== 0) return false;
  for (let i = 0; i < name.length; i++) if (b[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

const SHT_NOBITS = 8;

/** Bytes of a section, or undefined when absent / not stored in the file. */
export function sectionData(elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => nameIs(elf, x, name));
  if (!s || s.type === SHT_NOBITS) return undefined;
  if (s.offset + s.size > elf.buf.length) throw new ElfError(`section ${name} lies beyond the end of the file (truncated)`);
  return elf.buf.subarray(s.offset, s.offset + s.size);
}

/** Reads `len` bytes at a virtual address via PT_LOAD segments (then sections as a fallback). */
export function readAddr(elf: ElfFile, vaddr: bigint, len: number): Buffer | undefined {
  for (const p of elf.segments) {
    if (p.type !== 1) continue;
    if (vaddr >= p.vaddr && vaddr + BigInt(len) <= p.vaddr + BigInt(p.filesz)) {
      const o = p.offset + Number(vaddr - p.vaddr);
      return o + len <= elf.buf.length ? elf.buf.subarray(o, o + len) : undefined;
    }
  }
  for (const s of elf.sections) {
    if (s.type === SHT_NOBITS || s.addr === 0n) continue;
    if (vaddr >= s.addr && vaddr + BigInt(len) <= s.addr + BigInt(s.size)) {
      const o = s.offset + Number(vaddr - s.addr);
      return o + len <= elf.buf.length ? elf.buf.subarray(o, o + len) : undefined;
    }
  }
  return undefined;
}
