// Bun's text lockfile (bun.lock, the default since Bun 1.2) for directory scans. It is JSONC: Bun writes trailing
// commas. Each `packages` entry is [ident, …]: "name@1.2.3" for a registry package (its name, even under an alias
// key), "name@workspace:…", "@link:", "@file:", "@root:" for local trees, git and tarball sources without a version.
import type { ParseError } from 'jsonc-parser';
import type { Package } from '../../sbom/model.js';
import { isObject } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';
import { npmPackage } from './package-json.js';
import { splitNameVersion } from './lockfiles.js';
import { devOnlyNames } from '../dev-only.js';
import { appendAt } from '../../collections.js';
import { lazyRequire } from '../../lazy-require.js';

const jsoncParser = lazyRequire<typeof import('jsonc-parser')>('jsonc-parser');

const FOUND_BY = 'javascript-lock-cataloger';
/** a registry version: digits first, no "protocol:" (git+https:, github:, workspace: …) */
const REGISTRY_VERSION = /^\d[^:/\s]*$/;
const RUNTIME_DEPS = ['dependencies', 'optionalDependencies', 'peerDependencies'];
/** the key of a nested copy ("parent/child", "@s/parent/child"), not a top-level "name" or "@scope/name" */
const NESTED_KEY = /^(?:@[^/]+\/)?[^/]+\/./;

const FIRST_ERROR = new Error('not JSONC');

/**
 * JSONC as Bun writes it, with jsonc-parser (Microsoft's, VS Code's): undefined when it is not one JSON value. A first
 * pass stops at the first error: parse() goes on after errors and lists every one, so a file of millions of stray
 * commas held millions of error objects. The parser recurses per level: nesting past the call stack is not JSONC here.
 */
function parseJsonc(text: string): unknown {
  const { parse, visit } = jsoncParser();
  const options = { allowTrailingComma: true, disallowComments: false };
  try {
    visit(
      text,
      {
        onError: () => {
          throw FIRST_ERROR;
        },
      },
      options,
    );
    const errors: ParseError[] = [];
    const value: unknown = parse(text, errors, options);
    return errors.length > 0 ? undefined : value;
  } catch (e) {
    if (e === FIRST_ERROR || e instanceof RangeError) return undefined;
    throw e;
  }
}

export const parseBunLock: LockfileParser = (text, loc, warn) => {
  const json = parseJsonc(text);
  if (!isObject(json) || !isObject(json.packages)) {
    warn('bun.lock is not a Bun lockfile (JSON with a "packages" object)');
    return [];
  }
  // name → registry versions installed, and the names each installed copy depends on
  const installed = new Map<string, Set<string>>();
  const edges = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(json.packages)) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const nv = splitNameVersion(entry[0]);
    if (!nv) continue;
    const [name, version] = nv;
    const info = entry.find((x, i) => i > 0 && isObject(x));
    appendAt(edges, name, depNames(info, RUNTIME_DEPS));
    // an alias at the top ("foo": ["bar@1.0.0", …]) is depended on as foo
    if (key !== name && !NESTED_KEY.test(key)) appendAt(edges, key, [name]);
    if (!REGISTRY_VERSION.test(version)) continue;
    const versions = installed.get(name) ?? new Set<string>();
    versions.add(version);
    installed.set(name, versions);
  }
  const dev = devOnly(json.workspaces, edges);
  const out: Package[] = [];
  for (const [name, versions] of installed) {
    for (const version of versions) out.push(npmPackage(name, version, loc, FOUND_BY, [], dev.has(name) ? { dev: true } : undefined));
  }
  return out;
};

function depNames(info: unknown, fields: string[]): string[] {
  if (!isObject(info)) return [];
  return fields.flatMap((f) => (isObject(info[f]) ? Object.keys(info[f]) : []));
}

/** Names reached only from the workspaces' devDependencies (the graph followed by name, every installed copy). */
function devOnly(workspaces: unknown, edges: Map<string, string[]>): Set<string> {
  if (!isObject(workspaces)) return new Set();
  const ws = Object.values(workspaces);
  return devOnlyNames(
    ws.flatMap((w) => depNames(w, RUNTIME_DEPS)),
    ws.flatMap((w) => depNames(w, ['devDependencies'])),
    edges,
  );
}
