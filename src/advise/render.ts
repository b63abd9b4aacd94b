// Plain-text advice for terminals: the summary sentences, then a table with deltas and reasons.
import type { Advice } from './types.js';
import { formatSize, signed } from './counts.js';

export function renderAdviceText(a: Advice): string {
  const out = [...a.summary, ''];
  const rows = [
    ['', 'image', 'crit', 'high', 'med', 'low', 'total', 'Δ total', 'size'],
    ['base', a.base.image, ...nums(a.base.counts), '', formatSize(a.base.size)],
    ...a.recommendations.map((r) => [r.kind, r.image, ...nums(r.counts), signed(r.delta.total), formatSize(r.size)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) out.push(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  for (const r of a.recommendations) {
    out.push('', `${r.kind} ${r.image}:`);
    for (const why of r.reasons) out.push(`  - ${why}`);
  }
  const fixes = (a.remediation ?? []).slice(0, 20);
  if (fixes.length) {
    out.push('', 'Remediation by package:');
    for (const p of fixes) {
      const to = p.fixedVersion ? `upgrade to ${p.fixedVersion}` : `no fix yet for ${p.unfixed.join(', ')}`;
      const by = p.fixedByUpgrade.length ? `; fixed by the ${p.fixedByUpgrade.join('/')} base upgrade` : '';
      out.push(`  ${p.package} ${p.installedVersion}: ${p.vulnerabilities.length} vulnerabilit${p.vulnerabilities.length === 1 ? 'y' : 'ies'}, ${to}${by}`);
    }
  }
  for (const n of a.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

function nums(c: Advice['base']['counts']): string[] {
  return [c.critical, c.high, c.medium, c.low, c.total].map(String);
}
