// Explicit registry of version schemes: id -> module. Add a scheme in its own folder and list it here.
import type { VersionScheme } from './types.js';
import { apk } from './apk/index.js';
import { deb } from './deb/index.js';
import { npm } from './semver/index.js';

export type { VersionScheme } from './types.js';

const builtin: readonly VersionScheme[] = [deb, apk, npm];

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

/** Compare two versions under a scheme ('deb', 'rpm', 'apk', 'maven', 'semver', 'pep440', 'go', 'gem', 'nuget', 'composer', 'cargo'). */
export function compareVersions(scheme: string, a: string, b: string): number {
  const s = schemes.get(scheme);
  if (!s) throw new Error(`unknown version scheme: ${scheme}`);
  return s.compare(a, b);
}
