// Real Debian packages for tests: `apt-get download` into .cache/debs what is not there yet.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEBS_DIR = new URL('../../.cache/debs/', import.meta.url).pathname;

/** Package name -> path of its .deb, or why they could not all be had (the caller skips with it). */
export function fetchDebs(names: string[]): Map<string, string> | string {
  mkdirSync(DEBS_DIR, { recursive: true });
  const have = (n: string): string | undefined => readdirSync(DEBS_DIR).find((f) => f.startsWith(n + '_') && f.endsWith('.deb'));
  const missing = names.filter((n) => !have(n));
  if (missing.length > 0) {
    try {
      execFileSync('apt-get', ['download', ...missing], { cwd: DEBS_DIR, stdio: 'ignore', timeout: 120_000 });
    } catch (e) {
      return `apt-get download ${missing.join(' ')} failed (no Debian apt sources?): ${String(e).split('\n')[0]}`;
    }
  }
  const out = new Map<string, string>();
  for (const n of names) {
    const f = have(n);
    if (!f) return `${n} not downloadable with apt-get download`;
    out.set(n, join(DEBS_DIR, f));
  }
  return out;
}
