// Licences from /usr/share/doc/<pkg>/copyright: DEP-5 "License:" lines and common-licenses references (as syft does).

const LICENSE_LINE = /^License:[ \t]*(\S[^\n]*)$/gm;
const COMMON_LICENSE = /\/usr\/share\/common-licenses\/([0-9A-Za-z_.+-]+)/g;

export function licensesFromCopyright(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(LICENSE_LINE)) {
    const v = m[1].trim();
    // long free-text "License:" values are prose, not identifiers
    if (v && v.length <= 80) found.add(v);
  }
  for (const m of text.matchAll(COMMON_LICENSE)) {
    const v = m[1].replace(/\.$/, '');
    if (v) found.add(v);
  }
  return [...found].sort();
}
