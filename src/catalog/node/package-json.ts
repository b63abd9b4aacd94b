// Installed npm packages: node_modules/<name>/package.json (and Debian's /usr/share/nodejs/<name>/package.json).
import type { Cataloger } from '../types.js';
import type { FileMeta, FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { newAppPackage, isObject, locationOf, str, tryJson } from '../app-common.js';

export const NPM_CATALOGER = 'javascript-package-cataloger';

// the package.json at a package root only, not fixtures deeper inside a package
const INSTALLED_RE = /\/(?:node_modules|usr\/share\/nodejs|usr\/lib\/nodejs)\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

export function npmPurlParts(name: string): { namespace?: string; purlName: string } {
  if (name.startsWith('@') && name.includes('/')) {
    const i = name.indexOf('/');
    return { namespace: name.slice(0, i), purlName: name.slice(i + 1) };
  }
  return { purlName: name };
}

export function npmPackage(name: string, version: string, loc: Location, foundBy: string, licenses: string[] = [], metadata?: Package['metadata']): Package {
  const { namespace, purlName } = npmPurlParts(name);
  return newAppPackage('npm', name, version, foundBy, loc, namespace, purlName, undefined, licenses, metadata);
}

/** license: "MIT" | {type}; legacy licenses: [{type}|string] */
export function npmLicenses(json: Record<string, unknown>): string[] {
  // a Set: an array searched per entry was quadratic, a minute for a 4 MB package.json of distinct licences
  const out = new Set<string>();
  addLicense(out, json.license);
  if (Array.isArray(json.licenses)) for (const l of json.licenses) addLicense(out, l);
  else addLicense(out, json.licenses);
  return [...out];
}

function addLicense(out: Set<string>, v: unknown): void {
  const s = typeof v === 'string' ? v : isObject(v) ? str(v.type) : undefined;
  if (s) out.add(s);
}

export function parseInstalledPackageJson(file: FileInput, warn: (m: string) => void): Package[] {
  const json = tryJson(file.content);
  if (!isObject(json)) {
    warn('package.json is not a JSON object');
    return [];
  }
  const name = str(json.name);
  const version = str(json.version);
  if (!name || !version) return []; // workspace roots and private stubs carry no identity
  return [npmPackage(name, version, locationOf(file), NPM_CATALOGER, npmLicenses(json), json.private === true ? { private: true } : undefined)];
}

export const npmInstalledCataloger: Cataloger = {
  name: NPM_CATALOGER,
  maxFileSize: 4 * 1024 * 1024,
  wants: (meta: FileMeta) => meta.kind === 'file' && meta.path.endsWith('/package.json') && INSTALLED_RE.test(meta.path),
  select: { names: ['package.json'] },
  parseFile: (file, ctx) =>
    parseInstalledPackageJson(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};
