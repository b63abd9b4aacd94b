// admission.k8s.io/v1 AdmissionReview: the request we trust only after zod, and the response we send back.
import { z } from 'zod';

const gvk = z.object({ group: z.string().default(''), version: z.string().default(''), kind: z.string() }).passthrough();

export const AdmissionReviewSchema = z
  .object({
    apiVersion: z.literal('admission.k8s.io/v1'),
    kind: z.literal('AdmissionReview'),
    request: z
      .object({
        uid: z.string().min(1),
        kind: gvk,
        resource: z.object({ group: z.string().default(''), version: z.string().default(''), resource: z.string() }).passthrough().optional(),
        subResource: z.string().optional(),
        name: z.string().optional(),
        namespace: z.string().optional(),
        operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
        userInfo: z.object({ username: z.string().optional(), groups: z.array(z.string()).optional() }).passthrough().optional(),
        object: z.record(z.unknown()).nullable().optional(),
        oldObject: z.record(z.unknown()).nullable().optional(),
        dryRun: z.boolean().optional(),
      })
      .passthrough(),
  })
  .passthrough();

export type AdmissionReview = z.infer<typeof AdmissionReviewSchema>;
export type AdmissionRequest = AdmissionReview['request'];

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const gvkOk = (v: unknown, name: 'kind' | 'resource'): v is Record<string, unknown> =>
  isObject(v) && typeof v[name] === 'string' && optString(v.group) && optString(v.version);
/** group/version default to '' (as the schema's `.default('')`), in place */
const gvkDefaults = (v: Record<string, unknown>) => {
  v.group ??= '';
  v.version ??= '';
};

/**
 * The AdmissionReview as AdmissionReviewSchema would return it, checked in place without copying the object (a
 * review is ~1 KiB of JSON, most of it the Pod, which zod's record/passthrough would walk and copy on every
 * request). Accepts exactly what the schema accepts; undefined means "let the schema say what is wrong", so error
 * messages stay the schema's.
 */
export function fastAdmissionReview(json: unknown): AdmissionReview | undefined {
  if (!isObject(json) || json.apiVersion !== 'admission.k8s.io/v1' || json.kind !== 'AdmissionReview') return undefined;
  const r = json.request;
  if (!isObject(r) || typeof r.uid !== 'string' || r.uid.length < 1) return undefined;
  if (typeof r.operation !== 'string' || !OPERATIONS.has(r.operation)) return undefined;
  if (!optString(r.subResource) || !optString(r.name) || !optString(r.namespace)) return undefined;
  if (r.dryRun !== undefined && typeof r.dryRun !== 'boolean') return undefined;
  if (r.object !== undefined && r.object !== null && !isObject(r.object)) return undefined;
  if (r.oldObject !== undefined && r.oldObject !== null && !isObject(r.oldObject)) return undefined;
  const u = r.userInfo;
  if (u !== undefined) {
    if (!isObject(u) || !optString(u.username)) return undefined;
    if (u.groups !== undefined && !(Array.isArray(u.groups) && u.groups.every((g) => typeof g === 'string'))) return undefined;
  }
  if (!gvkOk(r.kind, 'kind')) return undefined;
  if (r.resource !== undefined && !gvkOk(r.resource, 'resource')) return undefined;
  // defaults only once everything passed: a rejected body goes to the schema untouched
  gvkDefaults(r.kind);
  if (r.resource !== undefined) gvkDefaults(r.resource as Record<string, unknown>);
  return json as AdmissionReview;
}

/** fastAdmissionReview, falling back to the schema for its verdict and messages */
export function parseAdmissionReview(json: unknown): ReturnType<typeof AdmissionReviewSchema.safeParse> {
  const fast = fastAdmissionReview(json);
  return fast ? { success: true, data: fast } : AdmissionReviewSchema.safeParse(json);
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

// The API server shows at most 4 KiB of warnings and truncates each to 256 characters.
const MAX_WARNINGS = 20;
const MAX_WARNING_LEN = 256;
const MAX_MESSAGE_LEN = 6000;

export function reviewResponse(r: AdmissionResponse): AdmissionReviewResponse {
  const response: AdmissionResponse = { uid: r.uid, allowed: r.allowed };
  if (r.status) response.status = { ...r.status, message: truncate(r.status.message, MAX_MESSAGE_LEN) };
  if (r.warnings?.length) {
    const w = r.warnings.slice(0, MAX_WARNINGS).map((s) => truncate(s, MAX_WARNING_LEN));
    if (r.warnings.length > MAX_WARNINGS) w[MAX_WARNINGS - 1] = `… and ${r.warnings.length - MAX_WARNINGS + 1} more`;
    response.warnings = w;
  }
  if (r.auditAnnotations && Object.keys(r.auditAnnotations).length) response.auditAnnotations = r.auditAnnotations;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
