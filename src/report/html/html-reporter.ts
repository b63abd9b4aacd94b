// One self-contained HTML file: inline CSS/JS/SVG, a CSP that blocks every network load.
import { SEVERITIES, type Finding, type Severity } from '../../match/types.js';
import type { Reporter, ScanReport } from '../types.js';
import { countBySeverity, groupByTarget, sortFindings, imageLabel, layerLabel, packageLabel, readAdvice, severityRank } from '../summary.js';
import { CSS, JS } from './html-assets.js';
import { SEVERITY_COLOR, severityDonut } from './html-chart.js';
import { terminalSafe } from '../terminal-text.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const badge = (s: Severity) => `<span class="badge sev-${s}">${s}</span>`;
const safeUrl = (u: string) => /^https?:\/\//i.test(u);

function findingRow(f: Finding, target: string): string {
  const link = f.references.find(safeUrl);
  const id = link ? `<a href="${esc(link)}" rel="noopener noreferrer" target="_blank">${esc(f.id)}</a>` : esc(f.id);
  const text = [f.id, ...f.aliases, packageLabel(f.package), f.installedVersion, f.fixedVersion ?? '', f.title ?? '', target].join(' ').toLowerCase();
  const epss = f.epss ? `<div class="muted mono">EPSS ${(f.epss.score * 100).toFixed(1)}%</div>` : '';
  return `<tr data-severity="${f.severity}" data-fixable="${Boolean(f.fixedVersion)}" data-text="${esc(text)}">
<td>${badge(f.severity)}</td>
<td class="mono nowrap">${id}${f.kev ? '<span class="kev" title="CISA Known Exploited Vulnerabilities">KEV</span>' : ''}${f.aliases.length ? `<div class="muted">${esc(f.aliases.join(', '))}</div>` : ''}</td>
<td><b>${esc(packageLabel(f.package))}</b>${f.title ? `<div class="title">${esc(f.title)}</div>` : ''}</td>
<td class="mono">${esc(f.installedVersion)}</td>
<td class="mono">${f.fixedVersion ? `<span class="fix">${esc(f.fixedVersion)}</span>` : '<span class="nofix">no fix yet</span>'}${epss}</td>
<td class="target">${esc(target)}</td>
<td class="layer mono">${esc(layerLabel(f.package.locations[0], 60))}</td>
</tr>`;
}

function overview(report: ScanReport, active: Finding[]): string {
  const counts = countBySeverity(active);
  const kev = active.filter((f) => f.kev).length;
  const fixable = active.filter((f) => f.fixedVersion).length;
  const pkgs = report.targets.reduce((n, t) => n + t.packages.length, 0);
  const suppressed = report.findings.length - active.length;
  const cards = SEVERITIES.map((s) => `<div class="count sev-${s}"><b>${counts[s]}</b><span>${s}</span></div>`).join('');
  const surface = report.attackSurface?.length
    ? `<h2 style="margin-top:14px">Attack surface</h2><ul class="surface">${report.attackSurface.map((a) => `<li>${esc(a.statement)} <span class="muted">(${esc(a.evidence.join(', '))})</span></li>`).join('')}</ul>`
    : '';
  return `<section class="overview"><div class="card chart"><h2>Vulnerabilities by severity</h2>${severityDonut(counts)}</div>
<div class="card"><h2>Summary</h2><div class="counts">${cards}</div>
<div class="facts"><span><b>${kev}</b> known exploited (KEV)</span><span><b>${fixable}</b> fixable</span><span><b>${pkgs}</b> packages</span><span><b>${report.misconfigurations.length}</b> misconfigurations</span>${suppressed ? `<span><b>${suppressed}</b> suppressed</span>` : ''}</div>${surface}</div></section>`;
}

function findingsSection(report: ScanReport, active: Finding[]): string {
  // one list, most severe first across targets; the target is a column
  const targetOf = new Map<Finding, string>();
  for (const g of groupByTarget(report, active)) for (const f of g.findings) targetOf.set(f, g.target.name);
  const rows = sortFindings(active).map((f) => findingRow(f, targetOf.get(f) ?? ''));
  const buttons = SEVERITIES.map((s) => `<button type="button" data-severity="${s}" aria-pressed="true"><span class="dot" style="background:${SEVERITY_COLOR[s]}"></span>${s}</button>`).join('');
  return `<section class="card"><h2>Vulnerabilities</h2>
<div class="filters">${buttons}<input id="search" type="search" placeholder="Search CVE, package, version…" aria-label="Search"><label><input id="fixable" type="checkbox"> Fixable only</label><span id="shown" class="shown"></span></div>
<table id="findings"><thead><tr><th>Severity</th><th>Vulnerability</th><th>Package</th><th>Installed</th><th>Fixed in</th><th>Target</th><th>Layer</th></tr></thead>
<tbody>${rows.join('\n') || '<tr><td colspan="7" class="empty">No vulnerabilities found.</td></tr>'}</tbody></table>
<div id="no-match" class="empty" hidden>No vulnerabilities match the filters.</div></section>`;
}

function misconfigSection(report: ScanReport): string {
  const list = report.misconfigurations.filter((m) => !m.suppressed).sort((a, b) => severityRank(a.rule.severity) - severityRank(b.rule.severity));
  if (list.length === 0) return '';
  const rows = list.map((m) => `<tr><td>${badge(m.rule.severity)}</td><td class="mono">${esc(m.rule.id)}</td><td class="mono">${esc(m.file)}${m.line ? ':' + m.line : ''}</td><td>${esc(m.message)}<div class="title">${esc(m.rule.remediation)}</div></td></tr>`);
  return `<section class="card"><h2>Misconfigurations</h2><table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function adviceSection(report: ScanReport): string {
  const a = readAdvice(report.advice);
  if (!a) return '';
  const cells = (c: Partial<Record<Severity, number>>) => SEVERITIES.map((s) => `<td>${c[s] ?? 0}</td>`).join('');
  const rows = [
    ...(a.base ? [`<tr class="current"><td>current</td><td class="mono"><b>${esc(a.base.image)}</b></td>${cells(a.base.counts)}<td></td></tr>`] : []),
    ...a.recommendations.map((r) => `<tr><td>${esc(r.kind)}</td><td class="mono"><b>${esc(r.image)}</b></td>${cells(r.counts)}<td>${esc(r.reasons.join('; '))}</td></tr>`),
  ];
  return `<section class="card advice"><h2>Base-image advice</h2><table><thead><tr><th></th><th>Image</th>${SEVERITIES.map((s) => `<th>${s}</th>`).join('')}<th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function inventorySection(report: ScanReport): string {
  if (report.findings.length > 0) return '';
  const rows = report.targets.flatMap((t) => t.packages.map((p) => `<tr><td><b>${esc(packageLabel(p))}</b></td><td class="mono">${esc(p.version)}</td><td>${esc(p.licenses.join(', '))}</td><td class="target">${esc(t.name)}</td><td class="layer mono">${esc(layerLabel(p.locations[0], 60))}</td></tr>`));
  return `<section class="card"><h2>Packages</h2><table><thead><tr><th>Package</th><th>Version</th><th>Licence</th><th>Target</th><th>Layer</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function renderHtml(scanned: ScanReport): string {
  // control characters from the image are shown escaped, as in the table (a browser shows them as nothing)
  const report = terminalSafe(scanned);
  const active = report.findings.filter((f) => !f.suppressed);
  const img = report.artifact.image;
  const meta = [
    img?.manifestDigest ? `digest <code>${esc(img.manifestDigest)}</code>` : '',
    report.database?.builtAt ? `database ${esc(report.database.builtAt)}` : '',
    `scanned ${esc(report.createdAt)}`,
  ].filter(Boolean).join(' · ');
  const warn = report.database?.example ? '<div class="card" style="border-color:#d99a06">The bundled example database was used: results are illustrative only.</div>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Drydock report: ${esc(report.artifact.name)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(imageLabel(report))}</h1><div class="meta">${meta}</div></header>
<main>${warn}${overview(report, active)}${findingsSection(report, active)}${misconfigSection(report)}${adviceSection(report)}${inventorySection(report)}
<footer>Generated by Drydock ${esc(report.tool.version)}</footer></main>
<script>${JS}</script></body></html>
`;
}

export const htmlReporter: Reporter = { format: 'html', contentType: 'text/html', render: renderHtml };
