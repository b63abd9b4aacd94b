// .NET: *.deps.json next to published apps (libraries of type "package"), and for directory scans packages.lock.json,
// packages.config (NuGet's manifest of .NET Framework projects) and Directory.Packages.props (central versions).
import type { Cataloger } from '../types.js';
import type { FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, isObject, locationOf, str, tryJson } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';
import { startTags, withoutComments } from '../xml-text.js';

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

/** a version NuGet resolves as written: not an MSBuild property ($(X)) nor a range ([1.0,2.0)) */
const LITERAL_VERSION = /^[0-9][0-9A-Za-z.+-]*$/;

/** packages.config: `<package id="Newtonsoft.Json" version="12.0.3" developmentDependency="true" />` */
export const parsePackagesConfig: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  for (const a of startTags(withoutComments(text), 'package')) {
    const id = a.get('id');
    const version = a.get('version')?.trim();
    if (!id || !version || !LITERAL_VERSION.test(version)) continue;
    const p = nugetPackage(id, version, loc, 'dotnet-packages-config-cataloger');
    if (a.get('developmentDependency') === 'true') p.metadata = { ...p.metadata, dev: true };
    out.push(p);
  }
  return out;
};

/** `Directory.Packages.props` (central package management) or a legacy `Packages.props` */
export function isPackagesProps(base: string): boolean {
  return base.endsWith('Packages.props');
}

/** `<PackageVersion Include="X" Version="1.2.3" />` (and the legacy `<PackageReference Update="X" Version="…" />`) */
export const parsePackagesProps: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  const body = withoutComments(text);
  for (const tag of ['PackageVersion', 'PackageReference', 'GlobalPackageReference']) {
    for (const a of startTags(body, tag)) {
      const id = a.get('Include') ?? a.get('Update');
      const version = a.get('Version')?.trim();
      if (!id || !version || !LITERAL_VERSION.test(version)) continue;
      out.push(nugetPackage(id, version, loc, 'dotnet-packages-props-cataloger'));
    }
  }
  return out;
};
