// Where each workload kind keeps its pod template.
import type { K8sObject, PathSeg } from './yaml-docs.js';
import type { ObjectMetaLike, PodSpecLike } from './pss/types.js';

const TEMPLATE_PATHS: Record<string, { spec: PathSeg[]; meta: PathSeg[] }> = {
  Pod: { spec: ['spec'], meta: ['metadata'] },
  PodTemplate: { spec: ['template', 'spec'], meta: ['template', 'metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  CronJob: { spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], meta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] },
};

export const WORKLOAD_KINDS = Object.keys(TEMPLATE_PATHS);

export interface PodTemplate {
  spec: PodSpecLike;
  meta: ObjectMetaLike;
  /** path of the pod spec's parent inside the object (so `spec.x` of a Pod maps to `<prefix>.spec.x`) */
  prefix: PathSeg[];
}

function get(obj: unknown, path: PathSeg[]): unknown {
  let cur: any = obj;
  for (const p of path) cur = cur == null ? undefined : cur[p];
  return cur;
}

export function podTemplateOf(o: Pick<K8sObject, 'kind' | 'obj'>): PodTemplate | undefined {
  const t = TEMPLATE_PATHS[o.kind];
  if (!t) return undefined;
  const spec = get(o.obj, t.spec);
  if (!spec || typeof spec !== 'object') return undefined;
  const meta = get(o.obj, t.meta);
  return { spec: spec as PodSpecLike, meta: (meta && typeof meta === 'object' ? meta : {}) as ObjectMetaLike, prefix: t.spec.slice(0, -1) };
}

/** Maps a Pod-relative path (`spec.containers[0]…`, `metadata.annotations…`) into the object. */
export function objectPath(o: Pick<K8sObject, 'kind'>, podPath: PathSeg[]): PathSeg[] {
  const t = TEMPLATE_PATHS[o.kind];
  if (!t) return podPath;
  const [head, ...rest] = podPath;
  if (head === 'spec') return [...t.spec, ...rest];
  if (head === 'metadata') return [...t.meta, ...rest];
  return podPath;
}
