// Just enough XML for manifests (pom.xml, packages.config, Directory.Packages.props): comments removed, start tags
// found with indexOf, attributes read from the tag's own text. No regular expression runs over the whole file, so a
// crafted file cannot make it super-linear (a pattern over the whole pom.xml once ran cubic).

/** text without <!-- comments -->; an unclosed comment runs to the end, as in XML */
export function withoutComments(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open < 0) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return out;
    at = close + 3;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.includes('&') ? s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]) : s;
}

/**
 * The attributes of every start tag named `name` (`<name a="1" b='2'/>`), in document order; names compared as
 * written (XML is case-sensitive; callers pass the spellings the tools write).
 */
export function startTags(text: string, name: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const open = `<${name}`;
  for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + open.length)) {
    const next = text.charCodeAt(at + open.length);
    // <package …> but not <packages> or <packageSources>
    if (!(next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f || next === 0x3e)) continue;
    const end = text.indexOf('>', at);
    if (end < 0) break;
    const attrs = new Map<string, string>();
    // a name starts after a character that cannot be in one: no match is started inside a long name
    for (const m of text.slice(at + open.length, end).matchAll(/(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (!attrs.has(m[1])) attrs.set(m[1], decode(m[2] ?? m[3]));
    }
    out.push(attrs);
  }
  return out;
}
