// Rust: binaries built with cargo-auditable (ELF section .dep-v0 = zlib-compressed JSON) and Cargo.lock.
import { inflateSync } from 'node:zlib';
import type { Cataloger } from '../types.js';
import type { FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, isObject, locationOf, str, tryJson } from '../app-common.js';
import { tomlPackageTables, type LockfileParser } from '../app-lockfile.js';
import { hasSection, isElf, parseElf, sectionData, ElfError } from '../golang/elf.js';
import { wantsExecutable } from '../golang/cataloger.js';

export const CARGO_AUDITABLE_CATALOGER = 'cargo-auditable-binary-cataloger';

export function cargoPackage(name: string, version: string, loc: Location, foundBy: string, metadata?: Package['metadata']): Package {
  return appPackage({ name, version, type: 'cargo', foundBy, location: loc, metadata });
}

export function parseAuditableBinary(file: FileInput, warn: (m: string) => void): Package[] {
  if (!isElf(file.content) || hasSection(file.content, '.dep-v0') === false) return [];
  let data: Buffer | undefined;
  try {
    data = sectionData(parseElf(file.content), '.dep-v0');
  } catch (e) {
    // the Go cataloger reports damaged ELF files; only a damaged .dep-v0 is ours to report
    if (e instanceof ElfError && e.message.includes('.dep-v0')) warn(e.message);
    return [];
  }
  if (!data) return [];
  let json: unknown;
  try {
    json = tryJson(inflateSync(data, { maxOutputLength: 64 * 1024 * 1024 }));
  } catch (e) {
    warn(`.dep-v0 section does not inflate: ${String(e)}`);
    return [];
  }
  if (!isObject(json) || !Array.isArray(json.packages)) {
    warn('.dep-v0 section is not cargo-auditable JSON');
    return [];
  }
  const out: Package[] = [];
  for (const p of json.packages) {
    if (!isObject(p) || p.kind === 'build') continue; // build-time dependencies are not in the binary
    const name = str(p.name);
    const version = str(p.version);
    if (name && version) out.push(cargoPackage(name, version, locationOf(file), CARGO_AUDITABLE_CATALOGER, str(p.source) ? { source: str(p.source) } : undefined));
  }
  return out;
}

export const cargoAuditableCataloger: Cataloger = {
  name: CARGO_AUDITABLE_CATALOGER,
  maxFileSize: 256 * 1024 * 1024,
  wants: wantsExecutable,
  select: { executables: true },
  parseFile: (file, ctx) =>
    parseAuditableBinary(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};

export const parseCargoLock: LockfileParser = (text, loc) =>
  tomlPackageTables(text)
    .filter((t) => t.name && t.version)
    .map((t) => cargoPackage(t.name, t.version, loc, 'rust-cargo-lock-cataloger', t.source ? { source: t.source } : undefined));
