/** One version scheme (dpkg, rpm, apk, maven, semver, pep440, go, gem, nuget, composer, cargo). */
export interface VersionScheme {
  id: string;
  isValid(v: string): boolean;
  /** negative if a < b, 0 if equal, positive if a > b; must not throw on invalid input (compare best-effort) */
  compare(a: string, b: string): number;
}
