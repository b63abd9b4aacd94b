// uv's lockfile (uv.lock) and the standard one of PEP 751 (pylock.toml, pylock.<name>.toml), for directory scans.
// The project's own packages (editable, virtual or directory sources) are left out: they are not on PyPI, and an
// advisory for a PyPI project of the same name would not be about them.
import type { Package } from '../../sbom/model.js';
import type { LockfileParser } from '../app-lockfile.js';
import { arrayNames, inlineStrings, rawTables, tomlString, type RawTable } from '../toml-tables.js';
import { normalizePythonName, pypiPackage } from './metadata.js';
import { PYTHON_LOCK_FOUND_BY } from './lockfiles.js';
import { devOnlyNames } from '../dev-only.js';
import { appendAll, appendAt } from '../../collections.js';

/** source kinds of uv.lock that are the project itself or another local tree */
const LOCAL_SOURCES = ['editable', 'virtual', 'directory'];

interface UvPackage {
  name: string;
  version?: string;
  local: boolean;
  dependencies: string[];
  devDependencies: string[];
}

export const parseUvLock: LockfileParser = (text, loc) => {
  const pkgs: UvPackage[] = [];
  let cur: UvPackage | undefined;
  for (const t of rawTables(text)) {
    if (t.header === '[[package]]') {
      const source = inlineStrings(t.values.get('source'));
      cur = {
        name: normalizePythonName(tomlString(t.values.get('name')) ?? ''),
        version: tomlString(t.values.get('version')),
        local: LOCAL_SOURCES.some((k) => source.has(k)),
        dependencies: arrayNames(t.values.get('dependencies')),
        devDependencies: [],
      };
      pkgs.push(cur);
    } else if (cur && t.header === '[package.optional-dependencies]') {
      // extras the project asks for are installed with it
      for (const raw of t.values.values()) appendAll(cur.dependencies, arrayNames(raw));
    } else if (cur && t.header === '[package.dev-dependencies]') {
      for (const raw of t.values.values()) appendAll(cur.devDependencies, arrayNames(raw));
    } else if (!t.header.startsWith('[package.')) cur = undefined;
  }
  const dev = devOnly(pkgs);
  const out: Package[] = [];
  for (const p of pkgs) {
    if (p.local || !p.name || !p.version) continue;
    out.push(pypiPackage(p.name, p.version, loc, PYTHON_LOCK_FOUND_BY, [], dev.has(p.name) ? { dev: true } : undefined));
  }
  return out;
};

/**
 * Names reached only through the local projects' dev dependency groups. The graph is followed by name: a package
 * locked at two versions (uv forks by marker) counts as needed at run time when either is.
 */
function devOnly(pkgs: UvPackage[]): Set<string> {
  const edges = new Map<string, string[]>();
  for (const p of pkgs) appendAt(edges, p.name, p.dependencies.map(normalizePythonName));
  const roots = pkgs.filter((p) => p.local);
  return devOnlyNames(
    roots.flatMap((r) => [r.name, ...r.dependencies.map(normalizePythonName)]),
    roots.flatMap((r) => r.devDependencies.map(normalizePythonName)),
    edges,
  );
}

/** `pylock.toml` or `pylock.<name>.toml` (PEP 751: the name is one dot-free segment) */
export function isPylock(base: string): boolean {
  return /^pylock(?:\.[^.]+)?\.toml$/.test(base);
}

export const parsePylock: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  const add = (t: RawTable | undefined, local: boolean): void => {
    const name = tomlString(t?.values.get('name'));
    const version = tomlString(t?.values.get('version'));
    // a directory is a local tree; VCS and directory entries may also have no version at all
    if (!name || !version || local) return;
    out.push(pypiPackage(name, version, loc, PYTHON_LOCK_FOUND_BY));
  };
  let cur: RawTable | undefined;
  let local = false;
  for (const t of rawTables(text)) {
    if (t.header === '[[packages]]') {
      add(cur, local);
      cur = t;
      local = t.values.has('directory');
    } else if (t.header === '[packages.directory]') local = true;
    else if (!t.header.startsWith('[packages.') && !t.header.startsWith('[[packages.')) {
      add(cur, local);
      cur = undefined;
    }
  }
  add(cur, local);
  return out;
};
