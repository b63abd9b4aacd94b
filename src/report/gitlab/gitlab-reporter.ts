// GitLab container-scanning report (security report schema 15.x), for the `container_scanning` artifact.
import { createHash } from 'node:crypto';
import type { Severity } from '../../match/types.js';
import type { Reporter, ScanReport } from '../types.js';
import { packageLabel, sortFindings } from '../summary.js';

export const GITLAB_SCHEMA_VERSION = '15.0.7';
const SEVERITY: Record<Severity, string> = { CRITICAL: 'Critical', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', UNKNOWN: 'Unknown' };

/** GitLab wants UUIDs; derive them from the content so re-runs keep identities stable. */
function stableUuid(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function gitlabTime(iso: string): string {
  return iso.replace(/\.\d+/, '').replace(/Z$|[+-]\d\d:\d\d$/, '');
}

function identifier(id: string): Record<string, string> {
  const type = id.startsWith('CVE-') ? 'cve' : id.startsWith('GHSA-') ? 'ghsa' : id.split('-')[0].toLowerCase() || 'other';
  const url = id.startsWith('CVE-')
    ? `https://nvd.nist.gov/vuln/detail/${id}`
    : id.startsWith('GHSA-')
      ? `https://github.com/advisories/${id}`
      : undefined;
  return { type, name: id, value: id, ...(url ? { url } : {}) };
}

export function toGitlab(report: ScanReport): Record<string, unknown> {
  const d = report.artifact.distro;
  const os = d ? `${d.id} ${d.versionId ?? ''}`.trim() : 'unknown';
  const image = report.artifact.image?.name ?? report.artifact.name;
  const vendor = { name: 'Drydock' };
  const tool = { id: 'drydock', name: 'Drydock', version: report.tool.version, vendor };
  const time = gitlabTime(report.createdAt);
  const vulnerabilities = sortFindings(report.findings.filter((f) => !f.suppressed)).map((f) => ({
    id: stableUuid(`${image}|${f.id}|${f.package.purl}|${f.package.locations[0]?.path ?? ''}`),
    name: f.title ? `${f.id}: ${f.title}`.slice(0, 255) : `${f.id} in ${f.package.name}`,
    description: (f.description ?? f.title ?? f.id).slice(0, 1048576),
    severity: SEVERITY[f.severity],
    solution: f.fixedVersion ? `Upgrade ${packageLabel(f.package)} to ${f.fixedVersion}` : 'No fix is available yet.',
    location: {
      dependency: { package: { name: packageLabel(f.package) }, version: f.installedVersion },
      operating_system: os,
      image,
    },
    identifiers: [f.id, ...f.aliases].map(identifier),
    links: f.references.map((url) => ({ url })),
    ...(f.kev ? { details: { kev: { type: 'text', name: 'Known exploited (CISA KEV)', value: `added ${f.kev.dateAdded}` } } } : {}),
  }));
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'container_scanning',
      start_time: time,
      end_time: time,
      status: 'success',
    },
    vulnerabilities,
    remediations: [],
  };
}

export const gitlabReporter: Reporter = {
  format: 'gitlab',
  contentType: 'application/json',
  render(report) {
    return JSON.stringify(toGitlab(report), null, 2) + '\n';
  },
};
