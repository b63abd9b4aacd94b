// YAML configuration files (the policy file, the admission policy) parsed with positions and validated by a
// zod schema; every error reads `file:line:col: path message`.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DrydockError } from '../errors.js';

export interface ParsedYamlConfig<T> {
  data: T;
  doc: Document;
  lineCounter: LineCounter;
}

export function parseYamlConfig<S extends z.ZodTypeAny>(text: string, file: string, schema: S, hint: string): ParsedYamlConfig<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): string => {
    const p = lineCounter.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new DrydockError('POLICY', `${at(e.pos[0])}: ${e.message.split('\n')[0]}`, { cause: e, hint: 'fix the YAML syntax' });
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const message = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message === 'Required' ? 'is required' : issue.message;
    throw new DrydockError('POLICY', `${at(offsetOf(doc, path, issue.code !== 'unrecognized_keys'))}: ${formatPath(path) || 'policy'} ${message}`, { hint });
  }
  return { data: parsed.data, doc, lineCounter };
}

/** Offset of the deepest node on the path that exists (shared with the admission policy loader). */
export function offsetOf(doc: Document, path: (string | number)[], atValue = false): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
    const key = path[n - 1];
    if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
      const item = typeof key === 'number' ? parent.items[key] : parent.items.find((it: { key?: unknown }) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
      const pair = item && typeof item === 'object' && 'key' in item ? (item as { key: unknown; value: unknown }) : undefined;
      // a bad value is shown at the value; a missing or unknown entry at its key or parent
      const node = pair ? (atValue && n === path.length && isNode(pair.value) ? pair.value : pair.key) : item;
      if (isNode(node) && node.range) return node.range[0];
      if (isNode(parent) && parent.range) return parent.range[0];
    }
  }
  return isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : 0;
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
