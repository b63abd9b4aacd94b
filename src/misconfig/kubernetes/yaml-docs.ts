// Multi-document YAML with line numbers: every Kubernetes object (List items expanded) keeps its YAML node,
// so a field path can be mapped back to a line after the checks ran on plain objects.
import { parseAllDocuments, LineCounter, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { Warning } from '../../errors.js';
import { parseFastYaml, type PosNode } from './yaml-fast.js';

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

/**
 * Documents and Kubernetes objects of a YAML file. Plain manifests go through the fast reader (values plus key/item
 * offsets; the `yaml` Document tree and LineCounter are built only if `documents`/`lineCounter` are read); anything
 * else goes through the `yaml` library.
 */
export function parseYamlDocs(text: string, file: string): ParsedYaml {
  const lineStarts: number[] = [];
  const fast = parseFastYaml(text, lineStarts);
  if (!fast) return parseYamlDocsFull(text, file);
  const lineAt = (offset: number) => lineAtOffset(lineStarts, offset);
  const objects: K8sObject[] = [];
  let full: ParsedYaml | undefined;
  const getFull = () => (full ??= parseYamlDocsFull(text, file));
  fast.forEach(({ value, pos }, docIndex) => {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !pos) return;
    const startLine = lineAt(pos.start);
    const add = (obj: Record<string, any>, base: PathSeg[]) => {
      if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') return;
      const node = posAt(pos, base);
      const line = node ? lineAt(node.offset) : startLine;
      objects.push(new FastObject(obj, file, docIndex, base, line, pos, lineStarts, startLine, getFull, objects.length));
    };
    const v = value as Record<string, any>;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      v.items.forEach((item: unknown, i: number) => {
        if (item && typeof item === 'object') add(item as Record<string, any>, ['items', i]);
      });
    } else add(v, []);
  });
  return {
    objects,
    warnings: [],
    get documents() {
      return getFull().documents;
    },
    get lineCounter() {
      return getFull().lineCounter;
    },
  };
}

function lineAtOffset(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** a step down the position tree: [offset, child] of a map key or sequence item, undefined when absent */
function step(cur: PosNode | undefined, seg: PathSeg): [number, PosNode | undefined] | undefined {
  if (cur?.keys) return cur.keys.get(String(seg));
  if (cur?.items && typeof seg === 'number') return cur.items[seg];
  return undefined;
}

/** an object from the fast reader: lines come from the position tree, computed only when asked */
class FastObject implements K8sObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  constructor(
    public obj: Record<string, any>,
    public file: string,
    public docIndex: number,
    public base: PathSeg[],
    public line: number,
    private readonly pos: PosNode,
    private readonly lineStarts: number[],
    private readonly startLine: number,
    private readonly full: () => ParsedYaml,
    private readonly index: number,
  ) {
    this.kind = obj.kind;
    this.apiVersion = obj.apiVersion;
    this.name = String(obj.metadata?.name ?? obj.metadata?.generateName ?? '');
    this.namespace = obj.metadata?.namespace ? String(obj.metadata.namespace) : undefined;
  }

  /** where trailing comments and blank lines end an object is the yaml library's call: asked of it on demand (no scan reads it) */
  get endLine(): number {
    return this.full().objects[this.index]?.endLine ?? this.line;
  }

  /** as in the full parser: the key of the deepest existing field (else that item's start), or the nearest ancestor's */
  lineOf(path: PathSeg[]): number {
    let cur: PosNode | undefined = this.pos;
    let offset = this.pos.start;
    for (const seg of this.base) {
      const e = step(cur, seg);
      if (!e) return this.startLine;
      [offset, cur] = e;
    }
    for (const seg of path) {
      const e = step(cur, seg);
      if (!e) break;
      [offset, cur] = e;
    }
    return lineAtOffset(this.lineStarts, offset);
  }
}

/** the offset a path points at (a map key, else a sequence item's start) and the collection there, if any */
function posAt(root: PosNode, path: PathSeg[]): { offset: number; node: PosNode | undefined } | undefined {
  let cur: PosNode | undefined = root;
  let offset = root.start;
  for (const seg of path) {
    if (cur?.keys) {
      const e = cur.keys.get(String(seg));
      if (!e) return undefined;
      [offset, cur] = e;
    } else if (cur?.items && typeof seg === 'number') {
      const e = cur.items[seg];
      if (!e) return undefined;
      [offset, cur] = e;
    } else return undefined;
  }
  return { offset, node: cur };
}

/** the `yaml` library's parse: every construct, exact errors */
export function parseYamlDocsFull(text: string, file: string): ParsedYaml {
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
