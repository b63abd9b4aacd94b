// VEX `not_affected` statements with a justification suppress the findings they name; the reason is kept.
import { packageUrlLib } from '../sbom/purl-lib.js';
import type { Finding } from '../match/types.js';
import type { ScanReport } from '../report/types.js';
import type { VexStatement } from './types.js';

interface PurlParts { type: string; namespace: string; name: string; version?: string }

function parts(purl: string): PurlParts | undefined {
  try {
    const p = packageUrlLib().PackageURL.fromString(purl);
    return { type: p.type.toLowerCase(), namespace: (p.namespace ?? '').toLowerCase(), name: p.name.toLowerCase(), version: p.version ?? undefined };
  } catch {
    return undefined;
  }
}

/** Qualifiers ignored; a product without a version matches every version; an image (pkg:oci) product matches all it contains. */
export function productMatches(product: string, pkgPurl: string): boolean {
  const a = parts(product);
  const b = parts(pkgPurl);
  if (!a || !b) return product === pkgPurl;
  if (a.type === 'oci' && b.type !== 'oci') return true;
  return a.type === b.type && a.namespace === b.namespace && a.name === b.name && (!a.version || a.version === b.version);
}

function idMatches(s: VexStatement, f: Finding): boolean {
  const mine = new Set([s.vulnerability, ...s.aliases].map((x) => x.toUpperCase()));
  return [f.id, ...f.aliases].some((x) => mine.has(x.toUpperCase()));
}

export function statementMatches(s: VexStatement, f: Finding): boolean {
  return idMatches(s, f) && (s.products.length === 0 || s.products.some((p) => productMatches(p, f.package.purl)));
}

/** Marks findings (in place) and returns how many were suppressed; unjustified statements become warnings. */
export function applyVex(report: ScanReport, statements: VexStatement[]): number {
  let n = 0;
  for (const s of statements) {
    if (s.status !== 'not_affected') continue;
    if (!s.justification) {
      report.warnings.push({
        file: s.source,
        message: `VEX statement for ${s.vulnerability} says not_affected without a justification; ignored`,
      });
      continue;
    }
    for (const f of report.findings) {
      if (f.suppressed || !statementMatches(s, f)) continue;
      f.suppressed = {
        by: 'vex',
        reason: `not affected (${s.justification})${s.impactStatement ? `: ${s.impactStatement}` : ''}`,
        justification: s.justification,
        source: s.source,
      };
      n++;
    }
  }
  return n;
}
