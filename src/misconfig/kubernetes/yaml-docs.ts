// Multi-document YAML with line numbers: every Kubernetes object (List items expanded) keeps its YAML node,
// so a field path can be mapped back to a line after the checks ran on plain objects.
import { parseAllDocuments, LineCounter, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { Warning } from '../../errors.js';

export type PathSeg = string | number;

export interface K8sObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  /** plain JS value of the object */
  obj: Record<string, any>;
  file: string;
  /** 0-based document index in the file */
  docIndex: number;
  /** path of the object inside its document ([] or ['items', i]) */
  base: PathSeg[];
  /** 1-based line of the object's start */
  line: number;
  /** 1-based last line of the object */
  endLine: number;
  /** resolves a path inside the object to its line (nearest existing ancestor) */
  lineOf(path: PathSeg[]): number;
}

export interface ParsedYaml {
  objects: K8sObject[];
  /** every document's plain value, including non-Kubernetes ones (compose files) */
  documents: { value: unknown; doc: Document; line: number }[];
  warnings: Warning[];
  lineCounter: LineCounter;
}

function nodeAt(doc: Document, path: PathSeg[]): { node: Node | undefined; keyNode?: Node } {
  let cur: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { node: undefined };
      keyNode = pair.key as Node;
      cur = pair.value;
    } else if (isSeq(cur) && typeof seg === 'number') {
      cur = cur.items[seg];
      keyNode = undefined;
    } else return { node: undefined };
  }
  return { node: (cur ?? undefined) as Node | undefined, keyNode };
}

export function parseYamlDocs(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const out: ParsedYaml = { objects: [], documents: [], warnings: [], lineCounter };
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      out.warnings.push({ file, message: `YAML document ${docIndex + 1} (line ${lineAt(e.pos[0])}): ${e.message.split('\n')[0]}` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      out.warnings.push({ file, message: `YAML document ${docIndex + 1}: ${String(e)}` });
      return;
    }
    const startLine = doc.contents?.range ? lineAt(doc.contents.range[0]) : 1;
    out.documents.push({ value, doc, line: startLine });
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    const add = (obj: Record<string, any>, base: PathSeg[]) => {
      if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') return;
      const lineOf = (path: PathSeg[]): number => {
        // Walk down as far as the path exists; point at the key of the deepest existing field.
        for (let n = path.length; n >= 0; n--) {
          const { node, keyNode } = nodeAt(doc, [...base, ...path.slice(0, n)]);
          const r = keyNode?.range ?? node?.range;
          if (r) return lineAt(r[0]);
        }
        return startLine;
      };
      const { node } = nodeAt(doc, base);
      const r = node?.range;
      out.objects.push({
        kind: obj.kind,
        apiVersion: obj.apiVersion,
        name: String(obj.metadata?.name ?? obj.metadata?.generateName ?? ''),
        namespace: obj.metadata?.namespace ? String(obj.metadata.namespace) : undefined,
        obj,
        file,
        docIndex,
        base,
        line: r ? lineAt(r[0]) : startLine,
        endLine: r ? lineAt(Math.max(r[0], r[1] - 1)) : startLine,
        lineOf,
      });
    };
    const v = value as Record<string, any>;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      v.items.forEach((item: unknown, i: number) => {
        if (item && typeof item === 'object') add(item as Record<string, any>, ['items', i]);
      });
    } else add(v, []);
  });
  return out;
}

/** `spec.containers[0].securityContext` / `metadata.annotations["a/b"]` → segments */
export function parseFieldPath(path: string): PathSeg[] {
  const out: PathSeg[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  return out;
}

export function formatFieldPath(segs: PathSeg[]): string {
  let s = '';
  for (const seg of segs) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `["${seg}"]`;
  }
  return s;
}

export function resourceName(o: Pick<K8sObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind}/${o.namespace ? o.namespace + '/' : ''}${o.name || '(unnamed)'}`;
}
