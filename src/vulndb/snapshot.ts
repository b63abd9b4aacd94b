// Advisory folders turned into a throwaway database: the bundled example snapshot (Quick start) and
// `--advisories <dir>` scans. The database lives in a temp dir removed when the store is closed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrydockError } from '../errors.js';
import { VulnStoreWriter } from './writer.js';
import { importPaths } from './import/index.js';
import { openVulnStore } from './store.js';
import type { VulnStore } from './types.js';

export const EXAMPLE_ADVISORIES_DIR = fileURLToPath(new URL('../../examples/advisories/', import.meta.url));

/** Builds a temporary store from a folder of advisories; `snapshot.json` with `"example": true` marks it as an example. */
export async function openSnapshotStore(dir: string): Promise<VulnStore> {
  if (!existsSync(dir)) throw new DrydockError('NOT_FOUND', `no advisory folder at ${dir}`);
  let example = false;
  const marker = join(dir, 'snapshot.json');
  if (existsSync(marker)) example = (JSON.parse(readFileSync(marker, 'utf8')) as { example?: boolean }).example === true;
  const tmp = mkdtempSync(join(tmpdir(), 'drydock-snapshot-'));
  // also when the process ends without closing the store: an error exit, or Ctrl-C (the CLI exits on it)
  const remove = (): void => {
    process.off('exit', remove);
    rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', remove);
  try {
    const path = join(tmp, 'snapshot.sqlite');
    const w = VulnStoreWriter.open(path, { fresh: true, example });
    try {
      const paths = ['osv', 'kev', 'secdb', 'epss'].map((d) => join(dir, d)).filter(existsSync);
      await importPaths(w, paths.length > 0 ? paths : [dir]);
      w.commit();
    } catch (e) {
      w.abort();
      throw e;
    }
    const store = openVulnStore(path);
    const close = store.close.bind(store);
    store.close = () => {
      try {
        close();
      } finally {
        remove();
      }
    };
    return store;
  } catch (e) {
    // whatever failed (opening the writer, the import, the commit, opening the result): no temp dir is left behind
    remove();
    throw e;
  }
}

/** The example advisory snapshot shipped for the Quick start; its metadata says `example: true`. */
export function openExampleStore(): Promise<VulnStore> {
  return openSnapshotStore(EXAMPLE_ADVISORIES_DIR);
}
