// Which rating a finding shows. Precedence (first that applies wins; `severitySource` says which):
//  1. the distro's own rating of the package in its release (Debian urgency, Ubuntu priority, Alpine/others'
//     `severity` in ecosystem_specific/database_specific): it accounts for how the distro builds and ships it;
//  2. GHSA's reviewed `database_specific.severity`, then a CNA/advisory-database CVSS vector (GHSA, Go,
//     RustSec, PyPA … records): closest to the affected package;
//  3. NVD's vector (records whose id is the CVE itself);
//  4. UNKNOWN.
// The CVSS score/vector shown is the best vector in the same order (v3.x, then v4.0, then v2 within a record),
// even when the rating itself came from the distro.
import type { Severity } from '../match/types.js';
import { scoreVector, type CvssScore } from './cvss.js';

export interface RatedRecord {
  id: string;
  source: string;
  severity: { type: string; score: string }[];
  ghsaSeverity?: string;
  /** distro rating attached to the matched affected entry */
  rating?: string;
}

export interface SeverityChoice {
  severity: Severity;
  severitySource?: string;
  cvss?: { score: number; vector: string; version: string };
}

/** Distro words → severity; undefined for "not yet assigned" and friends. */
export function ratingWord(word: string): Severity | undefined {
  switch (word.trim().toLowerCase()) {
    case 'critical':
      return 'CRITICAL';
    case 'high':
    case 'important':
      return 'HIGH';
    case 'medium':
    case 'moderate':
      return 'MEDIUM';
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'LOW';
    default:
      return undefined;
  }
}

/** 'osv:Debian' → 'debian', 'alpine-secdb' → 'alpine'. */
function distroName(source: string): string {
  const s = source.replace(/^osv:/, '').toLowerCase();
  return s === 'alpine-secdb' ? 'alpine' : s.split(':')[0];
}

function recordLabel(r: RatedRecord): string {
  if (r.id.startsWith('CVE-')) return 'nvd';
  const prefix = r.id.split('-')[0].toLowerCase();
  return prefix || r.source;
}

function bestVector(r: RatedRecord): CvssScore | undefined {
  const order = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];
  const sorted = [...r.severity].filter((s) => order.includes(s.type)).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const s of sorted) {
    const sc = scoreVector(s.score);
    if (sc) return sc;
  }
  return undefined;
}

const tier = (r: RatedRecord): number => (r.id.startsWith('CVE-') ? 1 : 0);

export function selectSeverity(records: readonly RatedRecord[]): SeverityChoice {
  // non-NVD records first, then NVD-derived ones; stable within a tier
  const ordered = [...records].sort((a, b) => tier(a) - tier(b));
  const vectors = ordered.map((r) => ({ r, v: bestVector(r) })).filter((x) => x.v);
  const top = vectors[0];
  const cvss = top?.v ? { score: top.v.score, vector: top.v.vector, version: top.v.version } : undefined;

  for (const r of ordered) {
    const word = r.rating ? ratingWord(r.rating) : undefined;
    if (word) return { severity: word, severitySource: distroName(r.source), cvss };
    const ubuntu = r.severity.find((s) => s.type === 'Ubuntu');
    const uw = ubuntu && ratingWord(ubuntu.score);
    if (uw) return { severity: uw, severitySource: 'ubuntu', cvss };
  }
  for (const r of ordered) {
    const g = r.ghsaSeverity && ratingWord(r.ghsaSeverity);
    if (g) return { severity: g, severitySource: 'ghsa', cvss };
  }
  if (top?.v && top.v.rating !== 'UNKNOWN') return { severity: top.v.rating, severitySource: recordLabel(top.r), cvss };
  return { severity: 'UNKNOWN', cvss };
}
