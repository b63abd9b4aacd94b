// Public surface of the vulnerability database for the scan pipeline and the CLI.
export type { VulnStore, VulnRecord, StoreMetadata, SourceInfo, KevEntry, AffectedEntry } from './types.js';
export { openVulnStore, NO_DB_HINT } from './store.js';
export { VulnStoreWriter } from './writer.js';
export { importPaths, type ImportSummary } from './import/index.js';
export { defaultDbPath, defaultCacheDir, openDefaultStore, dbAgeWarning } from './paths.js';
export { openSnapshotStore, openExampleStore, EXAMPLE_ADVISORIES_DIR } from './snapshot.js';
