// Human output for terminals: severity summary first, then each target (OS first), misconfigurations and advice.
import { createColors } from 'picocolors';
import type { Finding, Severity } from '../../match/types.js';
import type { Package } from '../../sbom/model.js';
import { SEVERITIES } from '../../match/types.js';
import type { Reporter, RenderOptions, ScanReport } from '../types.js';
import {
  countBySeverity, groupByTarget, imageLabel, layerLabel, packageLabel, readAdvice, severityRank, totalOf, truncate,
} from '../summary.js';
import { layoutRows } from './columns.js';
import { terminalSafe } from '../terminal-text.js';
import { appendAll } from '../../collections.js';

/** Rows shown per target before "… and N more". */
export const TABLE_MAX_ROWS = 50;

type Colors = ReturnType<typeof createColors>;

function paintSeverity(c: Colors, s: Severity): string {
  switch (s) {
    case 'CRITICAL': return c.bold(c.red(s));
    case 'HIGH': return c.red(s);
    case 'MEDIUM': return c.yellow(s);
    case 'LOW': return c.blue(s);
    default: return c.gray(s);
  }
}

function more(n: number): string[] {
  return n > 0 ? [`  … and ${n} more (use --format json)`] : [];
}

function summaryLine(c: Colors, findings: { severity: Severity }[]): string {
  const counts = countBySeverity(findings);
  return `Total: ${totalOf(counts)} (${SEVERITIES.map((s) => `${paintSeverity(c, s)}: ${counts[s]}`).join(', ')})`;
}

function kevEpss(f: Finding): string {
  const parts: string[] = [];
  if (f.kev) parts.push('KEV');
  if (f.epss) parts.push(`${(f.epss.score * 100).toFixed(1)}%`);
  return parts.join(' ');
}

export function renderTable(scanned: ScanReport, options: RenderOptions): string {
  // everything shown comes from the image, its registry or its files: control characters are shown escaped
  const report = terminalSafe(scanned);
  const c = createColors(options.color);
  const width = options.width ?? 120;
  const out: string[] = [];
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.length - active.length;
  out.push(c.bold(imageLabel(report)));
  if (report.database?.example) out.push(c.yellow('Note: the bundled example database was used; results are illustrative only.'));
  const inventory = report.findings.length === 0 && report.misconfigurations.length === 0;
  if (!inventory) {
    const kev = active.filter((f) => f.kev).length;
    const fixable = active.filter((f) => f.fixedVersion).length;
    out.push(`${summaryLine(c, active)}  known exploited: ${kev}  fixable: ${fixable}${suppressed ? `  suppressed: ${suppressed}` : ''}`);
  }
  if (report.attackSurface?.length) {
    out.push('', c.bold('Attack surface'));
    for (const a of report.attackSurface) {
      out.push(`  • ${a.statement}`);
      if (a.evidence.length) out.push(c.dim(`    evidence: ${a.evidence.join(', ')}`));
    }
  }
  if (inventory) appendAll(out, renderInventory(report, c, width));
  else appendAll(out, renderFindings(report, active, c, width));
  const misconf = report.misconfigurations.filter((m) => !m.suppressed);
  if (misconf.length) {
    out.push('', c.bold(`Misconfigurations (${misconf.length})`));
    const sorted = [...misconf].sort((a, b) => severityRank(a.rule.severity) - severityRank(b.rule.severity) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
    const rows = sorted.slice(0, TABLE_MAX_ROWS).map((m) => [
      paintSeverity(c, m.rule.severity),
      m.rule.id,
      m.line ? `${m.file}:${m.line}` : m.file,
      truncate(m.message, Math.max(30, width - 50)),
    ]);
    out.push(...layoutRows(['SEVERITY', 'RULE', 'FILE:LINE', 'MESSAGE'], rows, c.bold).map((l) => '  ' + l), ...more(sorted.length - TABLE_MAX_ROWS));
  }
  appendAll(out, renderAdvice(report, c));
  if (suppressed) out.push('', c.dim(`${suppressed} finding(s) suppressed by policy or VEX (listed with reasons in --format json).`));
  if (report.warnings.length) {
    out.push('', c.yellow(`Warnings (${report.warnings.length})`));
    for (const w of report.warnings.slice(0, 10)) out.push(c.dim(`  ${w.file ? w.file + ': ' : ''}${w.message}`));
    appendAll(out, more(report.warnings.length - 10));
  }
  return out.join('\n') + '\n';
}

function renderFindings(report: ScanReport, active: Finding[], c: Colors, width: number): string[] {
  const out: string[] = [];
  const layerWidth = Math.max(16, Math.min(48, width - 100));
  const where = whereColumn(report, layerWidth);
  for (const g of groupByTarget(report, active)) {
    out.push('', `${c.bold(g.target.name)} ${c.dim(`(${g.target.type})`)}`, '  ' + summaryLine(c, g.findings));
    if (g.findings.length === 0) continue;
    const rows = g.findings.slice(0, TABLE_MAX_ROWS).map((f) => [
      truncate(packageLabel(f.package), 40),
      f.id,
      paintSeverity(c, f.severity),
      truncate(f.installedVersion, 24),
      f.fixedVersion ? truncate(f.fixedVersion, 24) : c.dim('(no fix)'),
      f.kev ? c.red(kevEpss(f)) : kevEpss(f),
      c.dim(where.cell(f.package)),
    ]);
    out.push(
      ...layoutRows(['PACKAGE', 'VULNERABILITY', 'SEVERITY', 'INSTALLED', 'FIXED IN', 'KEV/EPSS', where.title], rows, c.bold).map((l) => '  ' + l),
      ...more(g.findings.length - TABLE_MAX_ROWS),
    );
  }
  return out;
}

function renderInventory(report: ScanReport, c: Colors, width: number): string[] {
  const out: string[] = [];
  const total = report.targets.reduce((n, t) => n + t.packages.length, 0);
  out.push(`Packages: ${total} (no vulnerability data; inventory only)`);
  const where = whereColumn(report, Math.max(16, Math.min(48, width - 100)));
  const targets = [...report.targets].sort((a, b) => Number(a.kind !== 'os') - Number(b.kind !== 'os'));
  for (const t of targets) {
    out.push('', `${c.bold(t.name)} ${c.dim(`(${t.type}, ${t.packages.length} packages)`)}`);
    const pkgs = [...t.packages].sort((a, b) => packageLabel(a).localeCompare(packageLabel(b)));
    const rows = pkgs.slice(0, TABLE_MAX_ROWS).map((p) => [
      truncate(packageLabel(p), 40),
      truncate(p.version, 28),
      truncate(p.licenses.join(', '), 24),
      c.dim(where.cell(p)),
    ]);
    out.push(...layoutRows(['PACKAGE', 'VERSION', 'LICENCE', where.title], rows, c.bold).map((l) => '  ' + l), ...more(pkgs.length - TABLE_MAX_ROWS));
  }
  return out;
}

function renderAdvice(report: ScanReport, c: Colors): string[] {
  const a = readAdvice(report.advice);
  if (!a) return [];
  const fmt = (counts: Partial<Record<Severity, number>>) => SEVERITIES.map((s) => `${s[0]}:${counts[s] ?? 0}`).join(' ');
  const rows: string[][] = [];
  if (a.base) rows.push(['current', a.base.image, fmt(a.base.counts), '']);
  for (const r of a.recommendations) rows.push([r.kind || 'option', c.green(r.image), fmt(r.counts), r.reasons.join('; ')]);
  return ['', c.bold('Base-image advice'), ...layoutRows(['KIND', 'IMAGE', 'VULNERABILITIES', 'WHY'], rows, c.bold).map((l) => '  ' + l)];
}

export const tableReporter: Reporter = {
  format: 'table',
  contentType: 'text/plain',
  render: renderTable,
};

/** Images show the layer that brought a package; directories have no layers, so the file it was found in. */
function whereColumn(report: ScanReport, w: number): { title: string; cell: (p: Package) => string } {
  if (report.artifact.kind === 'image') return { title: 'LAYER', cell: (p) => layerLabel(p.locations[0], w) };
  return { title: 'PATH', cell: (p) => truncate(p.locations[0]?.path ?? '', w) };
}
