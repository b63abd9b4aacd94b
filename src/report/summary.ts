// Small helpers every reporter shares: counting, ordering, grouping and labels.
import type { Finding, Severity } from '../match/types.js';
import { SEVERITIES } from '../match/types.js';
import type { Location, Package, Target } from '../sbom/model.js';
import type { ScanReport } from './types.js';

export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

export function countBySeverity(items: { severity: Severity }[]): SeverityCounts {
  const c = emptyCounts();
  for (const i of items) c[i.severity] = (c[i.severity] ?? 0) + 1;
  return c;
}

export function severityRank(s: Severity): number {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

export function activeFindings(report: ScanReport): Finding[] {
  return report.findings.filter((f) => !f.suppressed);
}

/** Most severe first, then KEV, then id and package, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      Number(Boolean(b.kev)) - Number(Boolean(a.kev)) ||
      a.id.localeCompare(b.id) ||
      a.package.name.localeCompare(b.package.name),
  );
}

export function packageKey(p: Package): string {
  return `${p.purl}|${p.locations[0]?.path ?? ''}`;
}

export interface TargetGroup {
  target: Target;
  findings: Finding[];
}

/** Findings grouped under the target that holds their package; OS targets first. */
export function groupByTarget(report: ScanReport, findings: Finding[]): TargetGroup[] {
  const owner = new Map<string, Target>();
  for (const t of report.targets) for (const p of t.packages) owner.set(packageKey(p), t);
  const groups = new Map<Target, Finding[]>();
  for (const t of report.targets) groups.set(t, []);
  const orphans: Finding[] = [];
  for (const f of findings) {
    const t = owner.get(packageKey(f.package));
    if (t) groups.get(t)!.push(f);
    else orphans.push(f);
  }
  const out = [...groups].map(([target, fs]) => ({ target, findings: sortFindings(fs) }));
  if (orphans.length > 0) {
    out.push({ target: { name: 'other', kind: 'lang', type: 'binary', packages: [] }, findings: sortFindings(orphans) });
  }
  return out.sort((a, b) => Number(a.target.kind !== 'os') - Number(b.target.kind !== 'os'));
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

/** `#2 COPY dir:… in /usr/local/tomcat`: the layer index and its trimmed history line. */
export function layerLabel(loc: Location | undefined, max = 48): string {
  if (!loc || (loc.layerIndex === undefined && !loc.createdBy)) return '';
  const cmd = (loc.createdBy ?? '').replace(/^\/bin\/sh -c (#\(nop\)\s*)?/, '').replace(/\s+/g, ' ').trim();
  const idx = loc.layerIndex === undefined ? '' : `#${loc.layerIndex}`;
  return truncate([idx, cmd].filter(Boolean).join(' '), max);
}

export function packageLabel(p: Package): string {
  // Maven names already read group:artifact
  return p.group && !p.name.startsWith(`${p.group}:`) ? `${p.group}:${p.name}` : p.name;
}

export function imageLabel(report: ScanReport): string {
  const d = report.artifact.distro;
  const os = d ? ` (${d.prettyName ?? [d.id, d.versionId].filter(Boolean).join(' ')})` : '';
  return `${report.artifact.name}${os}`;
}

/** The shape of `drydock advise` results, read defensively since advice is opaque in ScanReport. */
export interface AdviceView {
  base?: { image: string; counts: Partial<SeverityCounts> };
  recommendations: { kind: string; image: string; counts: Partial<SeverityCounts>; reasons: string[] }[];
}

export function readAdvice(advice: unknown): AdviceView | undefined {
  if (!advice || typeof advice !== 'object') return undefined;
  const a = advice as Record<string, unknown>;
  const counts = (c: unknown): Partial<SeverityCounts> => {
    const out: Partial<SeverityCounts> = {};
    if (c && typeof c === 'object') {
      for (const s of SEVERITIES) {
        // `drydock advise` writes lower-case keys (critical, high …)
        const v = (c as Record<string, unknown>)[s] ?? (c as Record<string, unknown>)[s.toLowerCase()];
        if (typeof v === 'number') out[s] = v;
      }
    }
    return out;
  };
  const b = a.base as Record<string, unknown> | undefined;
  const base = b && typeof b.image === 'string' ? { image: b.image, counts: counts(b.counts) } : undefined;
  const recs = Array.isArray(a.recommendations) ? a.recommendations : [];
  const recommendations = recs
    .filter((r): r is Record<string, unknown> => Boolean(r) && typeof r === 'object' && typeof (r as { image?: unknown }).image === 'string')
    .map((r) => ({
      kind: typeof r.kind === 'string' ? r.kind : '',
      image: r.image as string,
      counts: counts(r.counts),
      reasons: Array.isArray(r.reasons) ? r.reasons.filter((x): x is string => typeof x === 'string') : [],
    }));
  if (!base && recommendations.length === 0) return undefined;
  return { base, recommendations };
}

export function countsText(c: Partial<SeverityCounts>): string {
  return SEVERITIES.filter((s) => c[s] !== undefined).map((s) => `${s[0]}:${c[s]}`).join(' ');
}

export function totalOf(c: Partial<SeverityCounts>): number {
  return SEVERITIES.reduce((n, s) => n + (c[s] ?? 0), 0);
}
