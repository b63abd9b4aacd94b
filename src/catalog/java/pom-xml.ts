// pom.xml for directory scans: <dependency> elements with literal versions only (no property resolution).
// Read with indexOf, not regular expressions: `<version>\s*([^<]*?)\s*</version>` let a run of blanks be split three
// ways and backtracked cubically (a 20 KB pom.xml did not finish in ten minutes), and `<dependency>([\s\S]*?)` scanned
// to the end of the file again from every unclosed start tag.
import type { Package } from '../../sbom/model.js';
import type { LockfileParser } from '../app-lockfile.js';
import { mavenPackage } from './identity.js';
import { withoutComments } from '../xml-text.js';

/** The trimmed text of the first <name>…</name> in block (no markup inside), or undefined. */
function tag(block: string, name: string): string | undefined {
  const open = `<${name}>`;
  const start = block.indexOf(open);
  if (start < 0) return undefined;
  const from = start + open.length;
  const end = block.indexOf(`</${name}>`, from);
  if (end < 0) return undefined;
  const value = block.slice(from, end);
  return value.includes('<') ? undefined : value.trim() || undefined;
}

export const parsePomXml: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  const body = withoutComments(text);
  for (let at = body.indexOf('<dependency>'); at >= 0; ) {
    const end = body.indexOf('</dependency>', at);
    if (end < 0) break;
    // a start tag left open before this one: the element runs from the last start before its end tag
    const from = body.lastIndexOf('<dependency>', end) + '<dependency>'.length;
    const block = body.slice(from, end);
    at = body.indexOf('<dependency>', end);
    const g = tag(block, 'groupId');
    const a = tag(block, 'artifactId');
    const v = tag(block, 'version');
    if (!g || !a || !v || v.includes('${') || /^[[(]/.test(v)) continue; // ranges and properties are not versions
    const p = mavenPackage(g, a, v, loc, 'pom.xml');
    p.foundBy = 'java-pom-cataloger';
    const scope = tag(block, 'scope');
    if (scope) p.metadata = { ...p.metadata, scope };
    out.push(p);
  }
  return out;
};
