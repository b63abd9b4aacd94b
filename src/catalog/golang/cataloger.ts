// Go executables: main module, dependencies (replacements applied) and the toolchain as pkg:golang/stdlib.
import type { Cataloger } from '../types.js';
import type { FileInput, FileMeta } from '../../image/layer/types.js';
import type { Package } from '../../sbom/model.js';
import { appPackage, locationOf } from '../app-common.js';
import { hasSection, isElf, parseElf, ElfError } from './elf.js';
import { isExecutable } from '../../image/layer/paths.js';
import { readGoBuildInfo, parseModInfo, type GoModule } from './buildinfo.js';

export const GO_CATALOGER = 'go-module-binary-cataloger';
const MIN = 4 * 1024;
const MAX = 256 * 1024 * 1024;

/** Regular files that may be executables: exec bit or a bin directory, sized like a Go program. */
export function wantsExecutable(meta: FileMeta): boolean {
  return meta.kind === 'file' && meta.size >= MIN && meta.size <= MAX && isExecutable(meta);
}

function goModulePackage(m: GoModule, file: FileInput, main: boolean): Package {
  const slash = m.path.lastIndexOf('/');
  const extra: Record<string, string | boolean> = {};
  if (m.sum) extra.h1Digest = m.sum;
  if (main) extra.mainModule = true;
  if (m.replacedFrom) {
    extra.replacedPath = m.replacedFrom.path;
    extra.replacedVersion = m.replacedFrom.version;
  }
  return appPackage({
    name: m.path,
    version: m.version,
    type: 'golang',
    foundBy: GO_CATALOGER,
    location: locationOf(file),
    namespace: slash > 0 ? m.path.slice(0, slash) : undefined,
    purlName: slash > 0 ? m.path.slice(slash + 1) : m.path,
    metadata: extra,
  });
}

/** "go1.20.4" → "1.20.4"; "go1.21.0 X:boringcrypto" → "1.21.0"; "devel +abc" → undefined */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)/.exec(goVersion.trim());
  return m?.[1];
}

export function parseGoBinary(file: FileInput, warn: (msg: string) => void): Package[] {
  const buf = file.content;
  if (!isElf(buf) || hasSection(buf, '.go.buildinfo') === false) return [];
  let info;
  try {
    info = readGoBuildInfo(parseElf(buf));
  } catch (e) {
    if (e instanceof ElfError) warn(e.message);
    else warn(`unreadable ELF file (${String(e)})`);
    return [];
  }
  if (!info) return [];
  const mod = parseModInfo(info.modInfo);
  const out: Package[] = [];
  if (mod.main && mod.main.path) out.push(goModulePackage(mod.main, file, true));
  for (const d of mod.deps) if (d.path) out.push(goModulePackage(d, file, false));
  const std = stdlibVersion(info.goVersion);
  if (std) {
    const p = appPackage({ name: 'stdlib', version: std, type: 'golang', foundBy: GO_CATALOGER, location: locationOf(file) });
    p.metadata = { goToolchain: info.goVersion.trim() };
    out.push(p);
  }
  for (const p of out) {
    p.metadata = { ...p.metadata, goVersion: info.goVersion.trim(), ...(mod.mainPath ? { mainPath: mod.mainPath } : {}) };
  }
  return out;
}

export const goBinaryCataloger: Cataloger = {
  name: GO_CATALOGER,
  maxFileSize: MAX,
  wants: wantsExecutable,
  select: { executables: true },
  parseFile: (file, ctx) =>
    parseGoBinary(file, (message) =>
      ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message }),
    ),
};
