// Helpers shared by the application (language) catalogers: package construction, purls, locations.
import { packageUrlLib } from '../sbom/purl-lib.js';
import type { Location, Package, PackageType } from '../sbom/model.js';
import type { FileInput, FileMeta } from '../image/layer/types.js';

/** The Location of a file handed to parseFile, optionally pointing inside it (nested archives). */
export function locationOf(file: FileInput, innerPath?: string): Location {
  return {
    path: innerPath ? file.meta.path + innerPath : file.meta.path,
    layerIndex: file.layerIndex,
    ...(file.layerDiffId !== undefined ? { layerDiffId: file.layerDiffId } : {}),
    ...(file.createdBy !== undefined ? { createdBy: file.createdBy } : {}),
  };
}

// Components made only of these characters are left unchanged by packageurl-js's normalisation and encoding.
const PLAIN = /^[A-Za-z0-9._~-]+$/;
const PLAIN_VERSION = /^[A-Za-z0-9._~+:-]+$/;
/**
 * types whose packageurl-js rules the fast path below reproduces: lower-cased components, pypi's "_" → "-".
 * A Map of records of one shape: keyed reads of an object by type, and records with different fields, each made the
 * optimized purl code deoptimize when a scan met its second ecosystem.
 */
const FAST_TYPES = new Map<string, { lower: boolean; dashes: boolean; needsNamespace: boolean }>([
  ['maven', { lower: false, dashes: false, needsNamespace: true }],
  ['npm', { lower: true, dashes: false, needsNamespace: false }],
  ['pypi', { lower: true, dashes: true, needsNamespace: false }],
  ['composer', { lower: true, dashes: false, needsNamespace: false }],
  ['cargo', { lower: false, dashes: false, needsNamespace: false }],
  ['gem', { lower: false, dashes: false, needsNamespace: false }],
  ['nuget', { lower: false, dashes: false, needsNamespace: false }],
]);

/**
 * The purl packageurl-js would build, without building it, for the common case (a listed type, plain
 * components; an npm scope's "@" is the one character encoded). Anything else returns undefined.
 * Checked against packageurl-js in app-common.test.ts.
 */
export function fastPurl(type: string, namespace: string | undefined, name: string, version: string): string | undefined {
  const rule = FAST_TYPES.get(type);
  if (rule === undefined || !PLAIN.test(name) || (version && !PLAIN_VERSION.test(version))) return undefined;
  let ns = '';
  if (namespace) {
    const scoped = namespace.charCodeAt(0) === 0x40 && type === 'npm';
    const rest = scoped ? namespace.slice(1) : namespace;
    if (!PLAIN.test(rest)) return undefined;
    ns = (scoped ? '%40' : '') + (rule.lower ? rest.toLowerCase() : rest) + '/';
  } else if (rule.needsNamespace) return undefined;
  let n = rule.lower ? name.toLowerCase() : name;
  if (rule.dashes) n = n.replaceAll('_', '-');
  return `pkg:${type}/${ns}${n}${version ? '@' + version : ''}`;
}

export function makePurl(type: string, namespace: string | undefined, name: string, version: string): string {
  const fast = fastPurl(type, namespace, name, version);
  if (fast !== undefined) return fast;
  try {
    return new (packageUrlLib().PackageURL)(type, namespace || undefined, name, version || undefined, undefined, undefined).toString();
  } catch {
    // packageurl-js rejects some odd names; fall back to a minimally encoded form rather than dropping the package
    const enc = (s: string): string => encodeURIComponent(s).replace(/%2F/g, '/');
    return `pkg:${type}/${namespace ? enc(namespace) + '/' : ''}${enc(name)}${version ? '@' + enc(version) : ''}`;
  }
}

export interface AppPackageInit {
  name: string;
  version: string;
  type: PackageType;
  foundBy: string;
  location: Location;
  /** purl namespace (maven group, npm scope incl. @, golang path prefix, composer vendor) */
  namespace?: string;
  /** purl name when it differs from the display name */
  purlName?: string;
  group?: string;
  licenses?: string[];
  metadata?: Package['metadata'];
}

export function appPackage(i: AppPackageInit): Package {
  return newAppPackage(i.type, i.name, i.version, i.foundBy, i.location, i.namespace, i.purlName, i.group, i.licenses, i.metadata);
}

/**
 * appPackage with positional arguments, for the catalogers that run once per file thousands of times (jars,
 * package.json): init objects of many shapes made the property reads in appPackage deoptimize ("wrong map").
 */
export function newAppPackage(
  type: PackageType,
  name: string,
  version: string,
  foundBy: string,
  location: Location,
  namespace?: string,
  purlName?: string,
  group?: string,
  licenses?: string[],
  metadata?: Package['metadata'],
): Package {
  const pkg: Package = {
    name,
    version,
    type,
    purl: makePurl(type, namespace, purlName ?? name, version),
    licenses: licenses ?? [],
    locations: [location],
    foundBy,
    // always present (maybe undefined): packages of one shape keep the code that reads them monomorphic
    group: group || undefined,
    metadata,
  };
  return pkg;
}

/** A Location for directory scans and post-merge catalog() steps, where only a path (and maybe a layer) is known. */
export function plainLocation(path: string, layer?: { index: number; diffId?: string; createdBy?: string }): Location {
  const loc: Location = { path };
  if (layer) {
    loc.layerIndex = layer.index;
    if (layer.diffId !== undefined) loc.layerDiffId = layer.diffId;
    if (layer.createdBy !== undefined) loc.createdBy = layer.createdBy;
  }
  return loc;
}

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function isRegular(meta: FileMeta): boolean {
  return meta.kind === 'file';
}

/** JSON.parse that returns undefined on bad input (callers warn). */
export function tryJson(buf: Buffer | string): unknown {
  try {
    const text = typeof buf === 'string' ? buf : buf.toString('utf8');
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
