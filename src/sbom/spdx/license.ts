// Licence strings from package databases are a mix of SPDX ids, expressions and free text.
import parse from 'spdx-expression-parse';

export type LicenseInfo =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'name'; name: string };

export function classifyLicense(raw: string): LicenseInfo {
  const text = raw.trim();
  try {
    const node = parse(text);
    if ('license' in node && !node.plus && !node.exception && !node.license.startsWith('LicenseRef-')) {
      return { kind: 'id', id: node.license };
    }
    return { kind: 'expression', expression: text };
  } catch {
    return { kind: 'name', name: text };
  }
}

/** One SPDX expression for a package, or undefined when any part is free text. */
export function spdxExpression(licenses: string[]): string | undefined {
  const parts = licenses.map(classifyLicense);
  if (parts.length === 0 || parts.some((p) => p.kind === 'name')) return undefined;
  const exprs = parts.map((p) => (p.kind === 'id' ? p.id : `(${(p as { expression: string }).expression})`));
  return exprs.length === 1 ? exprs[0].replace(/^\((.*)\)$/, '$1') : exprs.join(' AND ');
}
