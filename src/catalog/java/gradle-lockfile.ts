// Gradle dependency locking (`gradle.lockfile`, and `buildscript-gradle.lockfile` for the build's own classpath): one
// `group:artifact:version=configuration,…` line per resolved module, written by `gradle dependencies --write-locks`.
import type { Package } from '../../sbom/model.js';
import type { LockfileParser } from '../app-lockfile.js';
import { mavenPackage } from './identity.js';

export const GRADLE_LOCK_CATALOGER = 'java-gradle-lockfile-cataloger';

/** `gradle.lockfile` and `buildscript-gradle.lockfile` (Gradle 6 and later: one file per project) */
export function isGradleLockfile(base: string): boolean {
  return base === 'gradle.lockfile' || base.endsWith('-gradle.lockfile');
}

export const parseGradleLockfile: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    // "empty=annotationProcessor" lists the configurations that resolved nothing
    if (eq <= 0) continue;
    const parts = line.slice(0, eq).split(':');
    if (parts.length !== 3 || parts.some((p) => p === '' || /\s/.test(p))) continue;
    const [group, artifact, version] = parts;
    const configurations = line
      .slice(eq + 1)
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const p = mavenPackage(group, artifact, version, loc, 'gradle.lockfile');
    p.foundBy = GRADLE_LOCK_CATALOGER;
    // only on test classpaths (testCompileClasspath, testRuntimeClasspath, testFixtures…): not shipped
    if (configurations.length > 0 && configurations.every((c) => c.startsWith('test'))) p.metadata = { ...p.metadata, dev: true };
    out.push(p);
  }
  return out;
};
