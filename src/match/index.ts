export { matchPackages, evaluateEntries, type MatchOptions } from './match.js';
export { distroEcosystem, queryFor, schemeForEcosystem, type PackageQuery } from './ecosystems.js';
