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
