// Test support (imported only by *.test.ts): build a throwaway database from fixture paths.
import { join } from 'node:path';
import { VulnStoreWriter } from './writer.js';
import { importPaths, type ImportSummary } from './import/index.js';
import { openVulnStore } from './store.js';
import type { VulnStore } from './types.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

/** A database path in a fresh temp dir, removed when the test process exits. */
export function tempDbPath(): string {
  return join(makeTempDir('drydock-db-'), 'vuln.db');
}

export async function buildStore(paths: string[], dbPath = tempDbPath()): Promise<{ store: VulnStore; summary: ImportSummary; path: string }> {
  const w = VulnStoreWriter.open(dbPath, { fresh: true });
  try {
    const summary = await importPaths(w, paths);
    w.commit();
    return { store: openVulnStore(dbPath), summary, path: dbPath };
  } catch (e) {
    w.abort();
    throw e;
  }
}
