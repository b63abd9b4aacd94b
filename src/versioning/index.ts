// Explicit registry of version schemes: id -> module. Add a scheme in its own folder and list it here.
import { DrydockError } from '../errors.js';
import type { VersionScheme } from './types.js';
import { apk } from './apk/index.js';
import { cargo } from './cargo/index.js';
import { composer } from './composer/index.js';
import { deb } from './deb/index.js';
import { gem } from './gem/index.js';
import { go } from './go/index.js';
import { maven } from './maven/index.js';
import { pep440 } from './pep440/index.js';
import { rpm } from './rpm/index.js';
import { npm } from './semver/index.js';
import { nuget } from './nuget/index.js';

export type { VersionScheme } from './types.js';

const builtin: readonly VersionScheme[] = [deb, apk, npm, maven, pep440, go, rpm, gem, nuget, composer, cargo];

const schemes = new Map<string, VersionScheme>(builtin.map((s) => [s.id, s]));

/** For extensions outside this folder; built-in schemes are listed above. */
export function registerScheme(scheme: VersionScheme): void {
  schemes.set(scheme.id, scheme);
}

export function getScheme(id: string): VersionScheme | undefined {
  return schemes.get(id);
}

export function schemeIds(): string[] {
  return [...schemes.keys()];
}

/** The scheme for an id; throws a DrydockError('INVALID_INPUT') for an unknown id. */
export function requireScheme(id: string): VersionScheme {
  const s = schemes.get(id);
  if (!s) throw new DrydockError('INVALID_INPUT', `unknown version scheme: ${id}`, { hint: `known schemes: ${schemeIds().join(', ')}` });
  return s;
}

/** Compare two versions under a scheme ('deb', 'rpm', 'apk', 'maven', 'semver', 'pep440', 'go', 'gem', 'nuget', 'composer', 'cargo'). */
export function compareVersions(scheme: string, a: string, b: string): number {
  return requireScheme(scheme).compare(a, b);
}
