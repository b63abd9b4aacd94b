// Lenient zod schema for OSV records (trust boundary): only what Drydock reads is checked, unknown fields pass.
import { z } from 'zod';

const event = z
  .object({
    introduced: z.string().optional(),
    fixed: z.string().optional(),
    last_affected: z.string().optional(),
    limit: z.string().optional(),
  })
  .passthrough();

const range = z.object({ type: z.string(), events: z.array(event) }).passthrough();

const looseRecord = z.record(z.unknown());

const affected = z
  .object({
    package: z.object({ ecosystem: z.string(), name: z.string(), purl: z.string().optional() }).passthrough().optional(),
    ranges: z.array(range).optional(),
    versions: z.array(z.string()).optional(),
    ecosystem_specific: looseRecord.optional(),
    database_specific: looseRecord.optional(),
  })
  .passthrough();

export const osvRecordSchema = z
  .object({
    id: z.string().min(1),
    modified: z.string().optional(),
    published: z.string().optional(),
    withdrawn: z.string().optional(),
    aliases: z.array(z.string()).nullish(),
    related: z.array(z.string()).nullish(),
    upstream: z.array(z.string()).nullish(),
    summary: z.string().optional(),
    details: z.string().optional(),
    severity: z.array(z.object({ type: z.string(), score: z.string() }).passthrough()).nullish(),
    affected: z.array(affected).nullish(),
    references: z.array(z.object({ type: z.string().optional(), url: z.string() }).passthrough()).nullish(),
    database_specific: looseRecord.optional(),
  })
  .passthrough();

export type OsvRecord = z.infer<typeof osvRecordSchema>;

/** One line per problem, for the warning: `affected.0.ranges.0.events: Expected array, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
    .join('; ');
}

// Fast path: a hand-written check of exactly what osvRecordSchema checks, without zod's per-field allocations (zod
// was ~25% of the import time). Records it rejects go through zod, which then names the problem for the warning.
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const strArr = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const nullishStrArr = (v: unknown) => v === undefined || v === null || strArr(v);
const optObj = (v: unknown) => v === undefined || isObj(v);

function validEvent(e: unknown): boolean {
  return isObj(e) && optStr(e.introduced) && optStr(e.fixed) && optStr(e.last_affected) && optStr(e.limit);
}

function validAffected(a: unknown): boolean {
  if (!isObj(a)) return false;
  const p = a.package;
  if (p !== undefined && !(isObj(p) && typeof p.ecosystem === 'string' && typeof p.name === 'string' && optStr(p.purl))) return false;
  const r = a.ranges;
  if (r !== undefined && !(Array.isArray(r) && r.every((x) => isObj(x) && typeof x.type === 'string' && Array.isArray(x.events) && x.events.every(validEvent)))) return false;
  if (a.versions !== undefined && !strArr(a.versions)) return false;
  return optObj(a.ecosystem_specific) && optObj(a.database_specific);
}

/** True when `raw` passes osvRecordSchema (same rules); false means: ask zod for the details. */
export function isValidOsvRecord(raw: unknown): raw is OsvRecord {
  if (!isObj(raw)) return false;
  if (typeof raw.id !== 'string' || raw.id.length === 0) return false;
  if (!optStr(raw.modified) || !optStr(raw.published) || !optStr(raw.withdrawn) || !optStr(raw.summary) || !optStr(raw.details)) return false;
  if (!nullishStrArr(raw.aliases) || !nullishStrArr(raw.related) || !nullishStrArr(raw.upstream)) return false;
  const sev = raw.severity;
  if (sev !== undefined && sev !== null && !(Array.isArray(sev) && sev.every((s) => isObj(s) && typeof s.type === 'string' && typeof s.score === 'string'))) return false;
  const aff = raw.affected;
  if (aff !== undefined && aff !== null && !(Array.isArray(aff) && aff.every(validAffected))) return false;
  const refs = raw.references;
  if (refs !== undefined && refs !== null && !(Array.isArray(refs) && refs.every((x) => isObj(x) && optStr(x.type) && typeof x.url === 'string'))) return false;
  return optObj(raw.database_specific);
}
