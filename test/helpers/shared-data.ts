// The shared test corpora live beside the repository (../shared/data), wherever CI clones it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export function sharedDataAvailable(): boolean {
  return existsSync(SHARED_DATA);
}
