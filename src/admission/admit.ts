// One review end to end: policy decision, then (only if still needed) the vulnerability gate, then the mode.
import type { AdmissionRequest, AdmissionResponse } from './review.js';
import type { AdmissionPolicy } from './policy.js';
import { decide, type Decision } from './decide.js';
import type { VulnGate } from './vuln-gate.js';
import { denialMessage, warningLine, type Violation } from './messages.js';
import { appendAll } from '../collections.js';

export interface AdmitContext {
  policy: AdmissionPolicy;
  gate?: VulnGate;
}

export interface AdmitResult {
  response: AdmissionResponse;
  decision: Decision;
  /** violations that denied (enforce) or would have (warn/audit) */
  violations: Violation[];
  gate?: { cacheHits: number; cacheMisses: number; unfinished: number };
}

export async function admit(req: AdmissionRequest, ctx: AdmitContext): Promise<AdmitResult> {
  const d = decide(ctx.policy, req);
  const base = { uid: req.uid };
  if (d.skipped) return { response: { ...base, allowed: true }, decision: d, violations: [] };

  const violations = [...d.deny];
  const warnings: string[] = [];
  let gate: AdmitResult['gate'];
  // In enforce mode a policy denial is final: do not make the API server wait for a scan.
  const needGate = ctx.gate && d.images.length > 0 && !(d.mode === 'enforce' && violations.length > 0);
  if (needGate) {
    const g = await ctx.gate!.check(d.images);
    appendAll(violations, g.deny);
    appendAll(warnings, g.warnings);
    gate = { cacheHits: g.cacheHits, cacheMisses: g.cacheMisses, unfinished: g.unfinished.length };
  }
  const notes = d.warn.map((v) => warningLine(v));

  if (d.mode === 'enforce') {
    if (violations.length) {
      const message = denialMessage(d.subject, `policy ${ctx.policy.file}, pss=${d.pss}`, violations);
      return { response: { ...base, allowed: false, status: { code: 403, reason: 'Forbidden', message }, warnings: [...notes, ...warnings] }, decision: d, violations, gate };
    }
    return { response: { ...base, allowed: true, warnings: [...notes, ...warnings] }, decision: d, violations, gate };
  }
  const would = violations.map((v) => warningLine(v, `would be denied: `));
  const response: AdmissionResponse = { ...base, allowed: true, warnings: [...would, ...notes, ...warnings] };
  if (d.mode === 'audit' && violations.length) {
    // the API server prefixes keys with the webhook name: drydock.io/violations, drydock.io/rules
    response.auditAnnotations = {
      violations: violations.map((v) => `[${v.rule}] ${v.message}${v.field ? ` (${v.field})` : ''}`).join('; ').slice(0, 4000),
      rules: [...new Set(violations.map((v) => v.rule))].join(','),
    };
  }
  return { response, decision: d, violations, gate };
}
