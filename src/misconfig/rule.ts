// A rule is its own metadata plus a pure check; the engine turns hits into located MisconfigResults.
import type { MisconfigResult, RuleMeta } from './types.js';

/** What a check reports; the engine adds the rule metadata and the file. */
export interface RuleHit {
  message: string;
  /** 1-based */
  line?: number;
  endLine?: number;
  field?: string;
  resource?: string;
}

export interface Rule<Doc> extends RuleMeta {
  check(doc: Doc): RuleHit[];
}

/** The metadata of a rule without its check function (what results and docs carry). */
export function metaOf(rule: RuleMeta): RuleMeta {
  const { id, title, severity, description, remediation, references, target } = rule;
  return { id, title, severity, description, remediation, references, target };
}

export function hitToResult(rule: RuleMeta, hit: RuleHit, file: string): MisconfigResult {
  const r: MisconfigResult = { rule: metaOf(rule), message: hit.message, file };
  if (hit.line !== undefined) r.line = hit.line;
  if (hit.endLine !== undefined && hit.endLine !== hit.line) r.endLine = hit.endLine;
  if (hit.field !== undefined) r.field = hit.field;
  if (hit.resource !== undefined) r.resource = hit.resource;
  return r;
}

/** Runs every rule on one document; a rule that throws becomes a warning-like result, never a crash. */
export function runRules<Doc>(rules: readonly Rule<Doc>[], doc: Doc, file: string, onError?: (rule: RuleMeta, e: unknown) => void): MisconfigResult[] {
  const out: MisconfigResult[] = [];
  for (const rule of rules) {
    let hits: RuleHit[];
    try {
      hits = rule.check(doc);
    } catch (e) {
      onError?.(rule, e);
      continue;
    }
    for (const h of hits) out.push(hitToResult(rule, h, file));
  }
  return out;
}

export const SEVERITY_RANK: Record<string, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

export function sortResults(results: MisconfigResult[]): MisconfigResult[] {
  return results.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_RANK[b.rule.severity] - SEVERITY_RANK[a.rule.severity] ||
      a.rule.id.localeCompare(b.rule.id),
  );
}
