// Applies ignore rules: matching findings and misconfigurations are marked suppressed, never removed.
import type { Finding } from '../match/types.js';
import type { MisconfigResult } from '../misconfig/types.js';
import type { ScanReport } from '../report/types.js';
import type { IgnoreRule, Policy } from './types.js';
import { pathMatches, purlMatches } from './match.js';

export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (!rule.expires) return false;
  // valid through the whole day it names
  return now.getTime() >= Date.parse(`${rule.expires}T00:00:00Z`) + 86_400_000;
}

function idMatches(rule: IgnoreRule, ids: string[]): boolean {
  if (!rule.id) return true;
  const want = rule.id.toUpperCase();
  return ids.some((i) => i.toUpperCase() === want);
}

export function ruleMatchesFinding(rule: IgnoreRule, f: Finding): boolean {
  if (!rule.id && !rule.package && !rule.path) return false;
  if (!idMatches(rule, [f.id, ...f.aliases])) return false;
  if (rule.package && !purlMatches(rule.package, f.package.purl)) return false;
  if (rule.path && !f.package.locations.some((l) => pathMatches(rule.path!, l.path))) return false;
  return true;
}

export function ruleMatchesMisconfig(rule: IgnoreRule, m: MisconfigResult): boolean {
  if (rule.package || (!rule.id && !rule.path)) return false;
  if (!idMatches(rule, [m.rule.id])) return false;
  if (rule.path && !pathMatches(rule.path, m.file)) return false;
  return true;
}

/**
 * Marks matching findings and misconfigurations as suppressed (in place: the scan pipeline keeps its report
 * object) and records expired rules as warnings. Returns the same report and the expired rules.
 */
export function applyPolicy(report: ScanReport, policy: Policy | undefined, now: Date): { report: ScanReport; expired: IgnoreRule[] } {
  if (!policy) return { report, expired: [] };
  const expired = policy.ignore.filter((r) => isExpired(r, now));
  const live = policy.ignore.filter((r) => !isExpired(r, now));
  const source = (r: IgnoreRule) => r.source ?? policy.file;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    const rule = live.find((r) => ruleMatchesFinding(r, f));
    if (rule) f.suppressed = { by: 'policy', reason: rule.reason, source: source(rule) };
  }
  for (const m of report.misconfigurations) {
    if (m.suppressed) continue;
    const rule = live.find((r) => ruleMatchesMisconfig(r, m));
    if (rule) m.suppressed = { by: 'policy', reason: rule.reason };
  }
  for (const r of expired) {
    report.warnings.push({
      file: source(r),
      message: `ignore rule for ${[r.id, r.package, r.path].filter(Boolean).join(' ')} expired on ${r.expires} and no longer applies (reason was: ${r.reason})`,
    });
  }
  return { report, expired };
}
