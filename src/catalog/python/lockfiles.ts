// Python manifests/lockfiles for directory scans: requirements*.txt (pinned "=="), poetry.lock, Pipfile.lock (uv.lock
// and pylock.toml: uv-lock.ts).
import type { Package } from '../../sbom/model.js';
import { isObject, str, tryJson } from '../app-common.js';
import { tomlPackageTables, type LockfileParser } from '../app-lockfile.js';
import { pypiPackage } from './metadata.js';

export const PYTHON_LOCK_FOUND_BY = 'python-lock-cataloger';

export const parseRequirements: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  // a backslash at the end of a line continues the requirement (pip-compile puts each --hash on a line of its own)
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    // a comment starts at a '#' after whitespace; a search, not /\s+#.*$/, which backtracks quadratically on a long run
    // of blanks (a 50 KB line took 4 s)
    const hash = raw.search(/(?:^|\s)#/);
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    // name[extras]==1.2.3 ; markers, or per-requirement options (--hash=…) after the pin; only exact pins identify a
    // version. s: "." also matches a stray \r, where the markers would otherwise fail after backtracking the blanks.
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\]\s*)?===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)(?:\s*;.*|(?:\s+--[A-Za-z-]+(?:=\S+|\s+[^\s-]\S*)?)+)?\s*$/s.exec(line);
    if (m && !m[2].includes('*')) out.push(pypiPackage(m[1], m[2], loc, PYTHON_LOCK_FOUND_BY));
  }
  return out;
};

export const parsePoetryLock: LockfileParser = (text, loc) =>
  tomlPackageTables(text)
    .filter((t) => t.name && t.version)
    .map((t) => pypiPackage(t.name, t.version, loc, PYTHON_LOCK_FOUND_BY, [], t.category === 'dev' ? { dev: true } : undefined));

export const parsePipfileLock: LockfileParser = (text, loc, warn) => {
  const json = tryJson(text);
  if (!isObject(json)) {
    warn('Pipfile.lock is not valid JSON');
    return [];
  }
  const out: Package[] = [];
  for (const section of ['default', 'develop'] as const) {
    const deps = json[section];
    if (!isObject(deps)) continue;
    for (const [name, v] of Object.entries(deps)) {
      const version = isObject(v) ? str(v.version)?.replace(/^===?/, '') : undefined;
      if (version) out.push(pypiPackage(name, version, loc, PYTHON_LOCK_FOUND_BY, [], section === 'develop' ? { dev: true } : undefined));
    }
  }
  return out;
};
