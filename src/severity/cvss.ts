// CVSS base scores for v2, v3.0, v3.1 and v4.0 vectors via ae-cvss-calculator (it matched the
// reference vectors where other libraries got v4.0 wrong, see DEPENDENCIES.md).
import { lazyRequire } from '../lazy-require.js';
import type { Severity } from '../match/types.js';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssScore {
  version: CvssVersion;
  score: number;
  rating: Severity;
  /** the vector as given (trimmed) */
  vector: string;
}

type CalcModule = typeof import('ae-cvss-calculator');
// Required when a vector is first scored, not imported: the package is CommonJS (188 KB), and an ESM import of it
// had Node scan its source for export names first, ~30 ms of every scan's start-up
const calc = lazyRequire<CalcModule>('ae-cvss-calculator');

export function cvssVersionOf(vector: string): CvssVersion | undefined {
  const v = vector.trim();
  if (v.startsWith('CVSS:4.0/')) return '4.0';
  if (v.startsWith('CVSS:3.1/')) return '3.1';
  if (v.startsWith('CVSS:3.0/')) return '3.0';
  // v2 vectors carry no prefix (sometimes "(AV:N/...)" or "CVSS:2.0/")
  if (/^\(?(CVSS:2\.0\/)?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(v)) return '2.0';
  return undefined;
}

/** Rating bands: v3/v4 qualitative scale (FIRST spec §5); v2 has no official CRITICAL band (NVD: 0-3.9 L, 4-6.9 M, 7-10 H). */
export function ratingFor(version: CvssVersion, score: number): Severity {
  if (version === '2.0') return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'UNKNOWN'; // 0.0 is "None"; there is no NONE severity in the model
}

// advisories share a few thousand distinct vectors: scoring each once keeps matching fast
const memo = new Map<string, CvssScore | undefined>();

/** Base score and rating of a CVSS vector; undefined when the vector cannot be parsed. */
export function scoreVector(vector: string): CvssScore | undefined {
  if (memo.has(vector)) return memo.get(vector);
  const r = computeScore(vector);
  if (memo.size > 50_000) memo.clear();
  memo.set(vector, r);
  return r;
}

function computeScore(vector: string): CvssScore | undefined {
  const raw = vector.trim();
  const version = cvssVersionOf(raw);
  if (!version) return undefined;
  // outside the try: a missing package is an error, not a vector without a score
  const lib = calc();
  try {
    let score: number | undefined;
    if (version === '4.0') score = new lib.Cvss4P0(raw).calculateScores().base;
    else if (version === '3.1') score = new lib.Cvss3P1(raw).calculateScores().base;
    else if (version === '3.0') score = new lib.Cvss3P0(raw).calculateScores().base;
    else score = new lib.Cvss2(raw.replace(/^\(|\)$/g, '').replace(/^CVSS:2\.0\//, '')).calculateScores().base;
    if (score === undefined || Number.isNaN(score)) return undefined;
    return { version, score, rating: ratingFor(version, score), vector: raw };
  } catch {
    return undefined;
  }
}
