// Inline SVG donut of findings by severity (no chart library, no fonts to fetch).
import { SEVERITIES, type Severity } from '../../match/types.js';
import type { SeverityCounts } from '../summary.js';

export const SEVERITY_COLOR: Record<Severity, string> = {
  CRITICAL: '#b42318',
  HIGH: '#e0561b',
  MEDIUM: '#d99a06',
  LOW: '#2e6fdb',
  UNKNOWN: '#8a94a6',
};

export function severityDonut(counts: SeverityCounts, size = 180): string {
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const r = size / 2 - 14;
  const c = size / 2;
  const circ = 2 * Math.PI * r;
  let offset = 0;
  const arcs = SEVERITIES.filter((s) => counts[s] > 0).map((s) => {
    const len = (counts[s] / total) * circ;
    const arc = `<circle r="${r.toFixed(2)}" cx="${c}" cy="${c}" fill="none" stroke="${SEVERITY_COLOR[s]}" stroke-width="22" stroke-dasharray="${len.toFixed(2)} ${(circ - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 ${c} ${c})"><title>${s}: ${counts[s]}</title></circle>`;
    offset += len;
    return arc;
  });
  const ring = total === 0 ? `<circle r="${r.toFixed(2)}" cx="${c}" cy="${c}" fill="none" stroke="#12805c" stroke-width="22"/>` : arcs.join('');
  return `<svg role="img" aria-label="Findings by severity" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${ring}<text x="${c}" y="${c - 2}" text-anchor="middle" style="font-size:30px;font-weight:700">${total}</text><text x="${c}" y="${c + 18}" text-anchor="middle" style="fill:#667085">${total === 1 ? 'finding' : 'findings'}</text></svg>`;
}
