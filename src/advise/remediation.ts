// Per package: the lowest version that fixes all of its findings, and which base upgrades already fix it.
import type { Finding } from '../match/types.js';
import type { Distro } from '../sbom/model.js';
import { queryFor } from '../match/index.js';
import { compareVersions } from '../versioning/index.js';
import type { PackageRemediation, RecommendationKind } from './types.js';

export function remediate(
  findings: readonly Finding[],
  distro: Distro | undefined,
  candidates: readonly { kind: RecommendationKind; findings: readonly Finding[] }[] = [],
): PackageRemediation[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.suppressed) continue;
    const key = `${f.package.purl || f.package.name}|${f.package.locations[0]?.path ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const present = candidates.map((c) => ({ kind: c.kind, keys: new Set(c.findings.filter((f) => !f.suppressed).map((f) => `${f.package.name}|${f.id}`)) }));
  const out: PackageRemediation[] = [];
  for (const list of groups.values()) {
    const p = list[0].package;
    const scheme = queryFor(p, distro)?.scheme;
    const unfixed = list.filter((f) => !f.fixedVersion).map((f) => f.id);
    let fixedVersion: string | undefined;
    for (const f of list) {
      if (!f.fixedVersion) continue;
      if (fixedVersion === undefined || newer(scheme, f.fixedVersion, fixedVersion)) fixedVersion = f.fixedVersion;
    }
    const ids = [...new Set(list.map((f) => f.id))].sort();
    const attribution = list[0].attribution?.kind;
    // a package the Dockerfile installed stays whatever the base image is
    const fixedByUpgrade =
      attribution === 'instruction' ? [] : present.filter((c) => ids.every((id) => !c.keys.has(`${p.name}|${id}`))).map((c) => c.kind);
    out.push({
      package: p.group && !p.name.includes(':') ? `${p.group}:${p.name}` : p.name,
      type: p.type,
      installedVersion: list[0].installedVersion,
      fixedVersion: unfixed.length ? undefined : fixedVersion,
      vulnerabilities: ids,
      unfixed,
      fixedByUpgrade: [...new Set(fixedByUpgrade)],
      ...(attribution ? { attribution } : {}),
    });
  }
  return out.sort((a, b) => b.vulnerabilities.length - a.vulnerabilities.length || a.package.localeCompare(b.package));
}

function newer(scheme: string | undefined, a: string, b: string): boolean {
  if (scheme) {
    try {
      return compareVersions(scheme, a, b) > 0;
    } catch {
      // fall through to a plain comparison
    }
  }
  return a.localeCompare(b, 'en', { numeric: true }) > 0;
}
