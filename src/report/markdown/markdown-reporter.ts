// GitHub-flavoured Markdown for PR comments and $GITHUB_STEP_SUMMARY (kept well under the 65,536-char comment limit).
import type { Severity } from '../../match/types.js';
import { SEVERITIES } from '../../match/types.js';
import type { Reporter, ScanReport } from '../types.js';
import { countBySeverity, groupByTarget, imageLabel, layerLabel, packageLabel, readAdvice, severityRank } from '../summary.js';
import { terminalSafe } from '../terminal-text.js';

export const MARKDOWN_MAX_ROWS = 100;
const ICON: Record<Severity, string> = { CRITICAL: '🟥', HIGH: '🟧', MEDIUM: '🟨', LOW: '🟦', UNKNOWN: '⬜' };

export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

export function renderMarkdown(scanned: ScanReport): string {
  // read in a terminal as often as on GitHub (no -o): control characters from the image are shown escaped
  const report = terminalSafe(scanned);
  const out: string[] = [];
  const active = report.findings.filter((f) => !f.suppressed);
  const counts = countBySeverity(active);
  out.push(`### Drydock: \`${mdCell(imageLabel(report))}\``, '');
  if (report.database?.example) out.push('> [!WARNING]', '> The bundled example database was used: results are illustrative only.', '');
  const kev = active.filter((f) => f.kev).length;
  const fixable = active.filter((f) => f.fixedVersion).length;
  out.push(`| ${SEVERITIES.map((s) => `${ICON[s]} ${s}`).join(' | ')} | Known exploited | Fixable |`);
  out.push(`|${' ---: |'.repeat(SEVERITIES.length + 2)}`);
  out.push(`| ${SEVERITIES.map((s) => String(counts[s])).join(' | ')} | ${kev} | ${fixable} |`, '');
  if (report.attackSurface?.length) {
    out.push('**Attack surface**', '');
    for (const a of report.attackSurface) out.push(`- ${mdCell(a.statement)}`);
    out.push('');
  }
  let shown = 0;
  for (const g of groupByTarget(report, active)) {
    if (g.findings.length === 0) continue;
    const rows = g.findings.slice(0, Math.max(0, MARKDOWN_MAX_ROWS - shown));
    shown += rows.length;
    out.push(`<details${g.findings.some((f) => severityRank(f.severity) <= 1) ? ' open' : ''}><summary><b>${mdCell(g.target.name)}</b> (${g.target.type}): ${g.findings.length} vulnerabilities</summary>`, '');
    out.push('| Severity | Vulnerability | Package | Installed | Fixed in | Layer |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of rows) {
      const link = f.references[0] ? `[${f.id}](${f.references[0]})` : f.id;
      out.push(
        `| ${ICON[f.severity]} ${f.severity}${f.kev ? ' **KEV**' : ''} | ${link} | ${mdCell(packageLabel(f.package))} | ${mdCell(f.installedVersion)} | ${f.fixedVersion ? mdCell(f.fixedVersion) : '_no fix_'} | ${mdCell(layerLabel(f.package.locations[0], 40))} |`,
      );
    }
    if (rows.length < g.findings.length) out.push('', `… and ${g.findings.length - rows.length} more (see the JSON or SARIF report)`);
    out.push('', '</details>', '');
  }
  const misconf = report.misconfigurations.filter((m) => !m.suppressed);
  if (misconf.length) {
    out.push(`**Misconfigurations (${misconf.length})**`, '', '| Severity | Rule | Where | Message |', '| --- | --- | --- | --- |');
    for (const m of [...misconf].sort((a, b) => severityRank(a.rule.severity) - severityRank(b.rule.severity))) {
      out.push(`| ${ICON[m.rule.severity]} ${m.rule.severity} | ${m.rule.id} | \`${mdCell(m.file)}${m.line ? ':' + m.line : ''}\` | ${mdCell(m.message)} |`);
    }
    out.push('');
  }
  const advice = readAdvice(report.advice);
  if (advice) {
    out.push('**Base-image advice**', '', `| | Image | ${SEVERITIES.map((s) => ICON[s]).join(' | ')} | Why |`, `| --- | --- |${' ---: |'.repeat(SEVERITIES.length)} --- |`);
    const row = (kind: string, image: string, c: Partial<Record<Severity, number>>, why: string) =>
      out.push(`| ${kind} | \`${mdCell(image)}\` | ${SEVERITIES.map((s) => c[s] ?? 0).join(' | ')} | ${mdCell(why)} |`);
    if (advice.base) row('current', advice.base.image, advice.base.counts, '');
    for (const r of advice.recommendations) row(r.kind, r.image, r.counts, r.reasons.join('; '));
    out.push('');
  }
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    out.push(`<details><summary>${suppressed.length} suppressed</summary>`, '');
    for (const f of suppressed) out.push(`- ${f.id} in ${mdCell(packageLabel(f.package))}: ${f.suppressed!.by} — ${mdCell(f.suppressed!.reason)}`);
    out.push('', '</details>', '');
  }
  if (report.findings.length === 0 && report.misconfigurations.length === 0) {
    const total = report.targets.reduce((n, t) => n + t.packages.length, 0);
    out.push(`No vulnerabilities found in ${total} packages.`, '');
  }
  out.push(`<sub>Drydock ${report.tool.version} · ${report.createdAt}</sub>`);
  return out.join('\n') + '\n';
}

export const markdownReporter: Reporter = { format: 'markdown', contentType: 'text/markdown', render: renderMarkdown };
