// SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id / misconfiguration rule, with help text and
// `security-severity`; results sit on the Dockerfile line when known, else on the image.
import type { Finding, Severity } from '../../match/types.js';
import type { MisconfigResult } from '../../misconfig/types.js';
import type { Reporter, ScanReport } from '../types.js';
import { packageLabel, severityRank, sortFindings } from '../summary.js';
import { appendAt } from '../../collections.js';

type Json = Record<string, unknown>;

/** GitHub shows at most 5,000 results per run (accepts 25,000); the most severe come first. */
export const SARIF_MAX_RESULTS = 5000;

// GitHub bands: >= 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' };

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'CRITICAL' || s === 'HIGH' ? 'error' : s === 'MEDIUM' ? 'warning' : 'note';
}

/** A repository-relative path GitHub can show: the image name without tag/digest. */
export function imageUri(report: ScanReport): string {
  const name = (report.artifact.image?.name ?? report.artifact.name).split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const noTag = colon > slash ? name.slice(0, colon) : name;
  return encodeURI(noTag.replace(/^[a-z]+:\/\//, '').replace(/^\.?\//, '')) || 'image';
}

/** helpUri must be an absolute URI: rule references are sometimes plain text ("CIS 4.1"). */
function helpUri(refs: string[]): Json {
  const url = refs.find((r) => /^https?:\/\/[^\s]+$/.test(r));
  return url ? { helpUri: url } : {};
}

function region(start = 1, end?: number): Json {
  return { startLine: start, startColumn: 1, endLine: Math.max(end ?? start, start), endColumn: 1 };
}

function vulnRule(list: Finding[]): Json {
  const f = list[0];
  const worst = list.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a)).severity;
  const rows = list
    .map((x) => `| ${packageLabel(x.package)} | ${x.installedVersion} | ${x.fixedVersion ?? 'no fix yet'} |`)
    .join('\n');
  const refs = f.references.map((r) => `- ${r}`).join('\n');
  const kev = f.kev ? `\n**Known exploited** (CISA KEV, added ${f.kev.dateAdded}).\n` : '';
  const aliases = f.aliases.length ? ` (${f.aliases.join(', ')})` : '';
  const text = `${f.id}${aliases}: ${f.title ?? f.description ?? 'vulnerability'}\nSeverity: ${worst}${f.kev ? ', known exploited (CISA KEV)' : ''}\n${list
    .map((x) => `${packageLabel(x.package)} ${x.installedVersion} -> ${x.fixedVersion ?? 'no fix yet'}`)
    .join('\n')}`;
  const markdown = `**${f.id}**${aliases} — ${f.title ?? 'vulnerability'}\n${kev}\n| Package | Installed | Fixed in |\n| --- | --- | --- |\n${rows}\n\n${f.description ?? ''}\n\n${refs}`.trim();
  return {
    id: f.id,
    name: f.package.type === 'deb' || f.package.type === 'apk' || f.package.type === 'rpm' ? 'OsPackageVulnerability' : 'LanguagePackageVulnerability',
    shortDescription: { text: `${f.id}: ${f.title ?? `vulnerability in ${f.package.name}`}`.slice(0, 1000) },
    fullDescription: { text: (f.description ?? f.title ?? f.id).slice(0, 4000) },
    defaultConfiguration: { level: level(worst) },
    ...helpUri(f.references),
    help: { text, markdown },
    properties: {
      'security-severity': SECURITY_SEVERITY[worst],
      precision: 'very-high',
      tags: ['vulnerability', 'security', worst, ...(f.kev ? ['kev'] : [])],
    },
  };
}

function misconfigRule(m: MisconfigResult): Json {
  const r = m.rule;
  const refs = r.references.map((x) => `- ${x}`).join('\n');
  return {
    id: r.id,
    name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    defaultConfiguration: { level: level(r.severity) },
    ...helpUri(r.references),
    help: { text: `${r.description}\nRemediation: ${r.remediation}`, markdown: `${r.description}\n\n**Remediation:** ${r.remediation}\n\n${refs}`.trim() },
    properties: { 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'very-high', tags: ['misconfiguration', 'security', r.severity, r.target] },
  };
}

export function toSarif(report: ScanReport): Json {
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Json[] = [];
  const findings = sortFindings(report.findings.filter((f) => !f.suppressed));
  const byId = new Map<string, Finding[]>();
  for (const f of findings) appendAt(byId, f.id, [f]);
  const uri = imageUri(report);
  for (const f of findings) {
    if (!ruleIndex.has(f.id)) {
      ruleIndex.set(f.id, rules.length);
      rules.push(vulnRule(byId.get(f.id)!));
    }
    const path = f.package.locations[0]?.path ?? '';
    const where = f.attribution?.line
      ? { artifactLocation: { uri: encodeURI(f.attribution.file) }, region: region(f.attribution.line) }
      : { artifactLocation: { uri }, region: region(1) };
    results.push({
      ruleId: f.id,
      ruleIndex: ruleIndex.get(f.id),
      level: level(f.severity),
      message: {
        text: `Package: ${packageLabel(f.package)}\nInstalled: ${f.installedVersion}\nFixed in: ${f.fixedVersion ?? 'no fix yet'}\nSeverity: ${f.severity}${f.kev ? ' (known exploited)' : ''}\nImage: ${report.artifact.name}\nPath: ${path}`,
      },
      locations: [{ physicalLocation: where, message: { text: `${report.artifact.name}: ${path}` } }],
      properties: { purl: f.package.purl, ...(f.package.locations[0]?.layerDiffId ? { layer: f.package.locations[0].layerDiffId } : {}) },
    });
  }
  for (const m of report.misconfigurations.filter((x) => !x.suppressed)) {
    if (!ruleIndex.has(m.rule.id)) {
      ruleIndex.set(m.rule.id, rules.length);
      rules.push(misconfigRule(m));
    }
    results.push({
      ruleId: m.rule.id,
      ruleIndex: ruleIndex.get(m.rule.id),
      level: level(m.rule.severity),
      message: { text: m.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(m.file.replace(/^\.?\//, '')) }, region: region(m.line ?? 1, m.endLine) } }],
    });
  }
  // misconfigurations were appended after vulnerabilities; keep the cap by severity across both
  const ordered = results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => levelRank(a.r.level as string) - levelRank(b.r.level as string) || a.i - b.i)
    .slice(0, SARIF_MAX_RESULTS)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.r);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Drydock', version: report.tool.version, informationUri: 'https://github.com/drydock-scanner/drydock', rules } },
        results: ordered,
        properties: { imageName: report.artifact.name, ...(ordered.length < results.length ? { truncatedResults: results.length - ordered.length } : {}) },
      },
    ],
  };
}

function levelRank(l: string): number {
  return l === 'error' ? 0 : l === 'warning' ? 1 : 2;
}

export const sarifReporter: Reporter = {
  format: 'sarif',
  contentType: 'application/sarif+json',
  render(report) {
    return JSON.stringify(toSarif(report), null, 2) + '\n';
  },
};
