// Reads `.drydock.yaml`: YAML with positions, validated by zod, errors as `file:line:col: path message`.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isNode, type Document } from 'yaml';
import { z } from 'zod';
import { DrydockError } from '../errors.js';
import { SEVERITIES } from '../match/types.js';
import type { IgnoreRule, Policy } from './types.js';
import { parseYamlConfig } from './yaml-config.js';

export const POLICY_FILES = ['.drydock.yaml', '.drydock.yml'];

const severity = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(SEVERITIES as [string, ...string[]]));
const severityList = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v), z.array(severity));
const failOn = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
  z.array(z.preprocess((v) => (typeof v === 'string' ? (v.toLowerCase() === 'kev' ? 'kev' : v.toUpperCase()) : v), z.enum(['kev', ...SEVERITIES] as [string, ...string[]]))),
);
const date = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-01-31').refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid date'),
);
const ignoreRule = z
  .object({
    id: z.string().min(1).optional(),
    package: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    reason: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty'),
    expires: date.optional(),
  })
  .strict()
  .refine((r) => r.id || r.package || r.path, 'needs at least one of id, package or path');

const policySchema = z
  .object({
    severity: severityList.optional(),
    'exit-code': z.number().int().min(0).max(255).optional(),
    'ignore-unfixed': z.boolean().optional(),
    'fail-on': failOn.optional(),
    ignore: z.array(ignoreRule).optional(),
  })
  .strict();

/** Loads the given file, else `.drydock.yaml`/`.drydock.yml` in cwd; undefined when there is none. */
export async function loadPolicy(file?: string, cwd: string = process.cwd()): Promise<Policy | undefined> {
  if (file) return parsePolicy((await readText(resolve(cwd, file), true)) ?? '', file);
  for (const name of POLICY_FILES) {
    const text = await readText(join(cwd, name), false);
    if (text !== undefined) return parsePolicy(text, name);
  }
  return undefined;
}

async function readText(path: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DrydockError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'POLICY', `cannot read policy file ${path}`, { cause: e });
  }
}

export function parsePolicy(text: string, file: string): Policy {
  const { data: p, doc, lineCounter } = parseYamlConfig(text, file, policySchema, 'see docs/exit-codes.md and the policy example in the README');
  const ignore: IgnoreRule[] = (p.ignore ?? []).map((r, i) => ({
    ...r,
    source: `${basename(file)}:${lineCounter.linePos(offsetOf(doc, ['ignore', i])).line}`,
  }));
  return {
    file,
    ...(p.severity ? { severity: p.severity as Policy['severity'] } : {}),
    ...(p['exit-code'] !== undefined ? { exitCode: p['exit-code'] } : {}),
    ...(p['ignore-unfixed'] !== undefined ? { ignoreUnfixed: p['ignore-unfixed'] } : {}),
    ...(p['fail-on'] ? { failOn: p['fail-on'] as Policy['failOn'] } : {}),
    ignore,
  };
}

/** Offset of the deepest node on the path that exists (shared with the admission policy loader). */
export function offsetOf(doc: Document, path: (string | number)[], atValue = false): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
    const key = path[n - 1];
    if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
      const item = typeof key === 'number' ? parent.items[key] : parent.items.find((it: { key?: unknown }) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
      const pair = item && typeof item === 'object' && 'key' in item ? (item as { key: unknown; value: unknown }) : undefined;
      // a bad value is shown at the value; a missing or unknown entry at its key or parent
      const node = pair ? (atValue && n === path.length && isNode(pair.value) ? pair.value : pair.key) : item;
      if (isNode(node) && node.range) return node.range[0];
      if (isNode(parent) && parent.range) return parent.range[0];
    }
  }
  return isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : 0;
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
