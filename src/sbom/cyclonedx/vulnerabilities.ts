// Findings → CycloneDX vulnerabilities. One entry per id and suppression state, since VEX analysis is per entry.
import type { Finding, Severity } from '../../match/types.js';

type Json = Record<string, unknown>;

const CDX_JUSTIFICATIONS = new Set([
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
]);

/** OpenVEX justifications in CycloneDX's vocabulary. */
const FROM_OPENVEX: Record<string, string> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

export function cdxJustification(j: string | undefined): string | undefined {
  if (!j) return undefined;
  if (CDX_JUSTIFICATIONS.has(j)) return j;
  return FROM_OPENVEX[j];
}

export function cdxSeverity(s: Severity): string {
  return s === 'UNKNOWN' ? 'unknown' : s.toLowerCase();
}

function cvssMethod(version: string): string {
  if (version.startsWith('4')) return 'CVSSv4';
  if (version === '3.1') return 'CVSSv31';
  if (version.startsWith('3')) return 'CVSSv3';
  if (version.startsWith('2')) return 'CVSSv2';
  return 'other';
}

export function toVulnerabilities(findings: Finding[], refOf: (f: Finding) => string | undefined): Json[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.id}|${f.suppressed?.by ?? ''}|${f.suppressed?.reason ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const out: Json[] = [];
  const usedRefs = new Set<string>();
  for (const list of groups.values()) {
    const f = list[0];
    let bomRef = `vuln:${f.id}`;
    for (let n = 1; usedRefs.has(bomRef); n++) bomRef = `vuln:${f.id}#${n}`;
    usedRefs.add(bomRef);
    const rating: Json = { source: { name: f.severitySource ?? f.dataSource }, severity: cdxSeverity(f.severity) };
    if (f.cvss) Object.assign(rating, { score: f.cvss.score, method: cvssMethod(f.cvss.version), vector: f.cvss.vector });
    const affects = list
      .map((x) => ({ ref: refOf(x), version: x.installedVersion }))
      .filter((a): a is { ref: string; version: string } => Boolean(a.ref))
      .map((a) => ({ ref: a.ref, versions: [{ version: a.version, status: 'affected' }] }));
    const props: Json[] = [];
    if (f.kev) {
      props.push({ name: 'drydock:kev:dateAdded', value: f.kev.dateAdded });
      if (f.kev.dueDate) props.push({ name: 'drydock:kev:dueDate', value: f.kev.dueDate });
    }
    if (f.epss) props.push({ name: 'drydock:epss:score', value: String(f.epss.score) });
    if (f.suppressed?.by === 'policy') props.push({ name: 'drydock:suppressed:policy', value: f.suppressed.reason });
    const fixes = [...new Set(list.map((x) => x.fixedVersion).filter(Boolean))];
    const vexJust = f.suppressed?.by === 'vex' ? cdxJustification(f.suppressed.justification) : undefined;
    out.push({
      'bom-ref': bomRef,
      id: f.id,
      source: { name: f.dataSource },
      ...(f.aliases.length > 0 ? { references: f.aliases.map((a) => ({ id: a, source: { name: aliasSource(a) } })) } : {}),
      ratings: [rating],
      ...(f.title || f.description ? { description: f.title ?? f.description } : {}),
      ...(f.title && f.description ? { detail: f.description } : {}),
      ...(fixes.length > 0 ? { recommendation: `Upgrade to ${fixes.join(' / ')}` } : {}),
      ...(f.references.length > 0 ? { advisories: f.references.map((url) => ({ url })) } : {}),
      ...(f.published ? { published: f.published } : {}),
      ...(f.suppressed?.by === 'vex'
        ? {
            analysis: {
              state: 'not_affected',
              ...(vexJust ? { justification: vexJust } : {}),
              detail: f.suppressed.reason,
            },
          }
        : {}),
      affects,
      ...(props.length > 0 ? { properties: props } : {}),
    });
  }
  return out;
}

function aliasSource(id: string): string {
  const prefix = id.split('-')[0];
  return prefix || 'unknown';
}
