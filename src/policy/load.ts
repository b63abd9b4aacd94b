// Finds and reads `.drydock.yaml`; the YAML parser (parse.ts) loads only when there is a policy file: most scans
// have none, and loading the yaml library took ~35 ms of every scan's start-up.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DrydockError } from '../errors.js';
import type { Policy } from './types.js';

export const POLICY_FILES = ['.drydock.yaml', '.drydock.yml'];

/** Loads the given file, else `.drydock.yaml`/`.drydock.yml` in cwd; undefined when there is none. */
export async function loadPolicy(file?: string, cwd: string = process.cwd()): Promise<Policy | undefined> {
  if (file) return parse((await readText(resolve(cwd, file), true)) ?? '', file);
  for (const name of POLICY_FILES) {
    const text = await readText(join(cwd, name), false);
    if (text !== undefined) return parse(text, name);
  }
  return undefined;
}

async function parse(text: string, file: string): Promise<Policy> {
  const { parsePolicy } = await import('./parse.js');
  return parsePolicy(text, file);
}

async function readText(path: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DrydockError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'POLICY', `cannot read policy file ${path}`, { cause: e });
  }
}
