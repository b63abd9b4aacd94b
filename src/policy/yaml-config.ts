// YAML configuration files (the policy file, the admission policy) parsed with positions and validated by a
// zod schema; every error reads `file:line:col: path message`.
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DrydockError } from '../errors.js';
import { formatPath, offsetOf } from './load.js';

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
