// .NET: *.deps.json next to published apps (libraries of type "package") and packages.lock.json.
import type { Cataloger } from '../types.js';
import type { FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, isObject, locationOf, str, tryJson } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';

export const DEPS_JSON_CATALOGER = 'dotnet-deps-cataloger';

export function nugetPackage(name: string, version: string, loc: Location, foundBy: string): Package {
  return appPackage({ name, version, type: 'nuget', foundBy, location: loc });
}

export function parseDepsJson(file: FileInput, warn: (m: string) => void): Package[] {
  const json = tryJson(file.content);
  if (!isObject(json) || !isObject(json.libraries)) {
    warn('deps.json without a "libraries" object');
    return [];
  }
  const out: Package[] = [];
  for (const [key, v] of Object.entries(json.libraries)) {
    if (!isObject(v) || v.type !== 'package') continue; // "project" entries are the app itself
    const slash = key.lastIndexOf('/');
    if (slash <= 0) continue;
    out.push(nugetPackage(key.slice(0, slash), key.slice(slash + 1), locationOf(file), DEPS_JSON_CATALOGER));
  }
  return out;
}

export const dotnetDepsCataloger: Cataloger = {
  name: DEPS_JSON_CATALOGER,
  maxFileSize: 32 * 1024 * 1024,
  wants: (meta) => meta.kind === 'file' && meta.path.endsWith('.deps.json'),
  select: { extensions: ['.json'] },
  parseFile: (file, ctx) =>
    parseDepsJson(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};

export const parsePackagesLock: LockfileParser = (text, loc, warn) => {
  const json = tryJson(text);
  if (!isObject(json) || !isObject(json.dependencies)) {
    warn('packages.lock.json without "dependencies"');
    return [];
  }
  const out: Package[] = [];
  const seen = new Set<string>();
  for (const fw of Object.values(json.dependencies)) {
    if (!isObject(fw)) continue;
    for (const [name, d] of Object.entries(fw)) {
      const version = isObject(d) && d.type !== 'Project' ? str(d.resolved) : undefined;
      if (version && !seen.has(`${name}@${version}`)) {
        seen.add(`${name}@${version}`);
        out.push(nugetPackage(name, version, loc, 'dotnet-packages-lock-cataloger'));
      }
    }
  }
  return out;
};
