// Packages loaded the first time they are needed, with require(). An ESM import loads a package with every module that
// names it, on every run, and for a CommonJS package Node first scans its whole source for export names. Each use
// says why its package waits (what it costs to load, how rarely a run needs it).
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** A getter that requires `id` on its first call and returns the same module on every later one. */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
