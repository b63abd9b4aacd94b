// A small ELF reader: just enough for section lookup and virtual-address reads (Go build info, cargo-auditable).

export interface ElfSection {
  name: string;
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

/** Parses headers; throws ElfError when the file is an ELF whose tables lie outside it (truncated). */
export function parseElf(buf: Buffer): ElfFile {
  let elf = parsed.get(buf);
  if (elf === undefined) parsed.set(buf, (elf = parseElfUncached(buf)));
  return elf;
}

function parseElfUncached(buf: Buffer): ElfFile {
  if (!isElf(buf) || buf.length < 52) throw new ElfError('not an ELF file or too short');
  const is64 = buf[4] === 2;
  const le = buf[5] !== 2;
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const addr = (o: number): bigint => (is64 ? (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : BigInt(u32(o)));
  const off = (o: number): number => Number(addr(o));
  if (is64 && buf.length < 64) throw new ElfError('truncated ELF header');
  const phoff = off(is64 ? 0x20 : 0x1c);
  const shoff = off(is64 ? 0x28 : 0x20);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phoff + phnum * phentsize > buf.length) throw new ElfError('program headers lie beyond the end of the file (truncated)');
    for (let i = 0; i < phnum; i++) {
      const b = phoff + i * phentsize;
      segments.push(
        is64
          ? { type: u32(b), offset: off(b + 8), vaddr: addr(b + 16), filesz: off(b + 32) }
          : { type: u32(b), offset: u32(b + 4), vaddr: BigInt(u32(b + 8)), filesz: u32(b + 16) },
      );
    }
  }
  const sections: ElfSection[] = [];
  if (shnum > 0 && shoff > 0) {
    if (shoff + shnum * shentsize > buf.length) throw new ElfError('section headers lie beyond the end of the file (truncated)');
    const raw: Array<Omit<ElfSection, 'name'> & { nameOff: number }> = [];
    for (let i = 0; i < shnum; i++) {
      const b = shoff + i * shentsize;
      raw.push(
        is64
          ? { nameOff: u32(b), type: u32(b + 4), addr: addr(b + 16), offset: off(b + 24), size: off(b + 32) }
          : { nameOff: u32(b), type: u32(b + 4), addr: BigInt(u32(b + 12)), offset: u32(b + 16), size: u32(b + 20) },
      );
    }
    const strtab = raw[shstrndx];
    for (const s of raw) {
      let name = '';
      if (strtab && strtab.offset + s.nameOff < buf.length) {
        const start = strtab.offset + s.nameOff;
        const end = buf.indexOf(0, start);
        name = buf.toString('latin1', start, end < 0 ? Math.min(buf.length, start + 256) : end);
      }
      sections.push({ name, type: s.type, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { is64, littleEndian: le, sections, segments, buf };
}

const SHT_NOBITS = 8;

/** Bytes of a section, or undefined when absent / not stored in the file. */
export function sectionData(elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => x.name === name);
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
