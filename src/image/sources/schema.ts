// Lenient schemas for the JSON inside archives and layouts: only what Drydock reads is checked.
import { z } from 'zod';
import { DrydockError } from '../../errors.js';

export const platformSchema = z
  .object({ os: z.string().optional(), architecture: z.string().optional(), variant: z.string().optional() })
  .passthrough();

export const descriptorSchema = z
  .object({
    mediaType: z.string().optional(),
    digest: z.string(),
    size: z.number().int().nonnegative().optional(),
    annotations: z.record(z.string()).nullish(),
    platform: platformSchema.nullish(),
  })
  .passthrough();
export type Descriptor = z.infer<typeof descriptorSchema>;

export const indexSchema = z
  .object({ schemaVersion: z.number().optional(), mediaType: z.string().optional(), manifests: z.array(descriptorSchema) })
  .passthrough();
export type Index = z.infer<typeof indexSchema>;

export const manifestSchema = z
  .object({
    schemaVersion: z.number().optional(),
    mediaType: z.string().optional(),
    config: descriptorSchema,
    layers: z.array(descriptorSchema),
  })
  .passthrough();
export type Manifest = z.infer<typeof manifestSchema>;

/** a manifest or an index: told apart by which fields are present */
export const manifestOrIndexSchema = z.union([manifestSchema, indexSchema]);

export const dockerManifestSchema = z.array(
  z
    .object({
      Config: z.string(),
      RepoTags: z.array(z.string()).nullish(),
      Layers: z.array(z.string()),
    })
    .passthrough(),
);

const historySchema = z
  .object({
    created: z.string().optional(),
    created_by: z.string().optional(),
    empty_layer: z.boolean().optional(),
    comment: z.string().optional(),
  })
  .passthrough();

export const configSchema = z
  .object({
    architecture: z.string().optional(),
    os: z.string().optional(),
    variant: z.string().optional(),
    created: z.string().optional(),
    config: z.object({}).passthrough().nullish(),
    rootfs: z.object({ type: z.string().optional(), diff_ids: z.array(z.string()).optional() }).passthrough().optional(),
    history: z.array(historySchema).nullish(),
  })
  .passthrough();

/** Parses JSON and validates it; errors name the file and the first problem. */
export function parseJson<T>(data: Buffer | string, schema: z.ZodType<T>, label: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (e) {
    throw new DrydockError('INVALID_INPUT', `${label} is not valid JSON`, { cause: e });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new DrydockError('INVALID_INPUT', `${label} is malformed${where}: ${issue?.message ?? 'invalid'}`, { cause: r.error });
  }
  return r.data;
}
