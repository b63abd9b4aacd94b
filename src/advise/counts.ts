// Counting findings for advice: one count per (vulnerability, package), suppressed findings excluded.
import type { Finding } from '../match/types.js';
import type { AdviceCounts } from './types.js';

export function emptyAdviceCounts(): AdviceCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, total: 0 };
}

export function countFindings(findings: readonly Finding[]): AdviceCounts {
  const c = emptyAdviceCounts();
  for (const f of findings) {
    if (f.suppressed) continue;
    const k = f.severity.toLowerCase() as Exclude<keyof AdviceCounts, 'total'>;
    c[k in c ? k : 'unknown']++;
    c.total++;
  }
  return c;
}

export function deltaCounts(after: AdviceCounts, before: AdviceCounts): AdviceCounts {
  const d = emptyAdviceCounts();
  for (const k of Object.keys(d) as (keyof AdviceCounts)[]) d[k] = after[k] - before[k];
  return d;
}

/** Ordering key: fewer critical, then high, medium, low, then total. */
export function compareRisk(a: AdviceCounts, b: AdviceCounts): number {
  return a.critical - b.critical || a.high - b.high || a.medium - b.medium || a.low - b.low || a.total - b.total;
}

export function countsText(c: AdviceCounts): string {
  return `${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.total} total`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1 << 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
