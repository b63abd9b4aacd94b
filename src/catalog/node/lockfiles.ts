// npm-family lockfiles for directory scans: package-lock.json (v1–v3), yarn.lock (v1 and berry), pnpm-lock.yaml (v5–v9).
import type { Package } from '../../sbom/model.js';
import { isObject, str, tryJson } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';
import { npmPackage } from './package-json.js';
import { parseLockfileYaml } from './lockfile-yaml.js';
import { errorMessage } from '../../errors.js';


const FOUND_BY = 'javascript-lock-cataloger';

export const parsePackageLock: LockfileParser = (text, loc, warn) => {
  const json = tryJson(text);
  if (!isObject(json)) {
    warn('package-lock.json is not valid JSON');
    return [];
  }
  const out: Package[] = [];
  const seen = new Set<string>();
  const add = (name: string, version: string, dev: boolean): void => {
    const key = `${name}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(npmPackage(name, version, loc, FOUND_BY, [], dev ? { dev: true } : undefined));
  };
  if (isObject(json.packages)) {
    // v2/v3: keys are install paths; the last node_modules/ segment is the name unless "name" says otherwise (aliases)
    for (const [key, v] of Object.entries(json.packages)) {
      if (key === '' || !isObject(v) || v.link === true) continue;
      const i = key.lastIndexOf('node_modules/');
      if (i < 0) continue; // workspace folders
      const name = str(v.name) ?? key.slice(i + 'node_modules/'.length);
      const version = str(v.version);
      if (version) add(name, version, v.dev === true);
    }
    return out;
  }
  // v1 nests dependencies in dependencies: walked depth first with a stack of its own, in the order recursion would
  // take (a crafted file nests them thousands deep, past the call stack)
  const stack: Iterator<[string, unknown]>[] = isObject(json.dependencies) ? [Object.entries(json.dependencies)[Symbol.iterator]()] : [];
  while (stack.length > 0) {
    const next = stack[stack.length - 1].next();
    if (next.done) {
      stack.pop();
      continue;
    }
    const [name, v] = next.value;
    if (!isObject(v)) continue;
    const version = str(v.version);
    // an alias ("foo": "npm:bar@1.0.0") installs bar: its advisories are bar's, not foo's
    const alias = version?.startsWith('npm:') ? splitNameVersion(version.slice(4)) : undefined;
    if (alias) add(alias[0], alias[1], v.dev === true);
    else if (version && !version.startsWith('file:')) add(name, version, v.dev === true);
    if (isObject(v.dependencies)) stack.push(Object.entries(v.dependencies)[Symbol.iterator]());
  }
  return out;
};

/** "bar@1.0.0", "@scope/bar@^2" → [name, version or range]; undefined without one */
export function splitNameVersion(s: string): [string, string] | undefined {
  const at = s.indexOf('@', 1);
  return at > 0 && at < s.length - 1 ? [s.slice(0, at), s.slice(at + 1)] : undefined;
}

/**
 * "@scope/name@^1", "name@npm:1.2.3" → name. An alias, "foo@npm:bar@^1" (yarn v1 and berry), names the package it
 * installs: bar.
 */
function descriptorName(d: string): string {
  const s = d.trim().replace(/^"|"$/g, '');
  const at = s.indexOf('@', 1);
  if (at < 0) return s;
  if (s.startsWith('npm:', at + 1)) {
    const target = splitNameVersion(s.slice(at + 5));
    if (target) return target[0];
  }
  return s.slice(0, at);
}

export const parseYarnLock: LockfileParser = (text, loc, warn) => {
  const out: Package[] = [];
  const seen = new Set<string>();
  const add = (name: string, version: string): void => {
    const key = `${name}@${version}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(npmPackage(name, version, loc, FOUND_BY));
    }
  };
  if (/^__metadata:/m.test(text)) {
    let doc: unknown;
    try {
      doc = parseLockfileYaml(text);
    } catch (e) {
      warn(`yarn.lock (berry) not read: ${errorMessage(e)}`);
      return [];
    }
    if (!isObject(doc)) return [];
    for (const [key, v] of Object.entries(doc)) {
      if (key === '__metadata' || !isObject(v)) continue;
      const resolution = str(v.resolution) ?? key.split(',')[0];
      if (/@(workspace|link|portal|file):/.test(resolution)) continue;
      const version = v.version === undefined ? undefined : String(v.version);
      if (version && version !== '0.0.0-use.local') add(descriptorName(resolution), version);
    }
    return out;
  }
  let names: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    if (!line.startsWith(' ') && line.endsWith(':')) {
      names = line.slice(0, -1).split(',').map(descriptorName);
    } else if (names) {
      const m = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
      if (m) {
        add(names[0], m[1]);
        names = undefined;
      }
    }
  }
  return out;
};

/** "/@scope/a/1.2.3_peer" (v5), "/a@1.2.3(peer)" (v6), "a@1.2.3(peer)" (v9) → [name, version] */
export function pnpmKey(key: string): [string, string] | undefined {
  // the peer suffix "(…)" cut at the first "(" (indexOf: /\(.*$/ retried every "(" when a newline followed)
  const start = key.startsWith('/') ? 1 : 0;
  const paren = key.indexOf('(', start);
  const k = key.slice(start, paren < 0 ? undefined : paren);
  const at = k.indexOf('@', 1);
  const candidate = at > 0 ? k.slice(0, at) : '';
  // v6+: the name before "@" has no "/" (or exactly one when scoped); v5 peer suffixes ("_b@2.0.0") fail this
  if (at > 0 && (candidate.startsWith('@') ? candidate.split('/').length === 2 : !candidate.includes('/'))) {
    const name = candidate;
    const version = k.slice(at + 1);
    if (/^\d/.test(version)) return [name, version];
  }
  const slash = k.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const tail = k.slice(slash + 1);
  const underscore = tail.indexOf('_');
  const version = underscore < 0 ? tail : tail.slice(0, underscore);
  return /^\d/.test(version) ? [k.slice(0, slash), version] : undefined;
}

export const parsePnpmLock: LockfileParser = (text, loc, warn) => {
  let doc: unknown;
  try {
    doc = parseLockfileYaml(text);
  } catch (e) {
    warn(`pnpm-lock.yaml not read: ${errorMessage(e)}`);
    return [];
  }
  if (!isObject(doc) || !isObject(doc.packages)) return [];
  const out: Package[] = [];
  const seen = new Set<string>();
  for (const [key, v] of Object.entries(doc.packages)) {
    const nv = pnpmKey(key);
    if (!nv) continue;
    const [name, version] = isObject(v) && str(v.name) && str(v.version) ? [str(v.name)!, str(v.version)!] : nv;
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    out.push(npmPackage(name, version, loc, FOUND_BY, [], isObject(v) && v.dev === true ? { dev: true } : undefined));
  }
  return out;
};
