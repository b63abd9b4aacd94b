// pom.xml for directory scans: <dependency> elements with literal versions only (no property resolution).
import type { Package } from '../../sbom/model.js';
import type { LockfileParser } from '../app-lockfile.js';
import { mavenPackage } from './identity.js';

const tag = (block: string, name: string): string | undefined => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(block)?.[1] || undefined;

export const parsePomXml: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const g = tag(m[1], 'groupId');
    const a = tag(m[1], 'artifactId');
    const v = tag(m[1], 'version');
    if (!g || !a || !v || v.includes('${') || /^[[(]/.test(v)) continue; // ranges and properties are not versions
    const p = mavenPackage(g, a, v, loc, 'pom.xml');
    p.foundBy = 'java-pom-cataloger';
    const scope = tag(m[1], 'scope');
    if (scope) p.metadata = { ...p.metadata, scope };
    out.push(p);
  }
  return out;
};
