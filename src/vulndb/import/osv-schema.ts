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
