// Where the database lives and how a scan opens it.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openVulnStore } from './store.js';
import type { VulnStore } from './types.js';

export const DB_FILE = 'vulndb.sqlite';
export const MAX_AGE_DAYS = 7;

/** `$DRYDOCK_CACHE_DIR`, else `$XDG_CACHE_HOME/drydock`, else `~/.cache/drydock`. */
export function defaultCacheDir(): string {
  if (process.env.DRYDOCK_CACHE_DIR) return process.env.DRYDOCK_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'drydock');
}

export function defaultDbPath(cacheDir?: string): string {
  return join(cacheDir ?? defaultCacheDir(), 'db', DB_FILE);
}

export interface DefaultStoreOptions {
  cacheDir?: string;
  /** explicit database file (`--db`) */
  db?: string;
}

/** Opens the database read-only; throws DrydockError('DB') saying how to get one when missing or broken. */
export function openDefaultStore(opts: DefaultStoreOptions = {}): VulnStore {
  return openVulnStore(opts.db ?? defaultDbPath(opts.cacheDir), { readonly: true });
}

/** A warning for a database built more than 7 days ago (undefined when fresh, or for the example snapshot). */
export function dbAgeWarning(store: VulnStore, now: Date = new Date()): string | undefined {
  const m = store.metadata();
  if (m.example || !m.builtAt) return undefined;
  const days = (now.getTime() - Date.parse(m.builtAt)) / 86_400_000;
  if (!(days > MAX_AGE_DAYS)) return undefined;
  return `the vulnerability database is ${Math.floor(days)} days old (built ${m.builtAt.slice(0, 10)}); run \`drydock db update\``;
}
