// Parses `.drydock.yaml`: YAML with positions, validated by zod, errors as `file:line:col: path message`.
import { basename } from 'node:path';
import { z } from 'zod';
import { SEVERITIES } from '../match/types.js';
import type { IgnoreRule, Policy } from './types.js';
import { offsetOf, parseYamlConfig } from './yaml-config.js';

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
