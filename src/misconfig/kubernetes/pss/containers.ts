import type { ContainerLike, PodSpecLike } from './types.js';

export interface VisitedContainer {
  c: ContainerLike;
  /** e.g. spec.initContainers[0] */
  path: string;
  name: string;
}

let memo: { spec: PodSpecLike; list: VisitedContainer[] } | undefined;

/** Runs f with allContainers(spec) computed once (every control visits the containers; the spec must not change meanwhile). */
export function withContainerMemo<T>(spec: PodSpecLike, f: () => T): T {
  const prev = memo;
  memo = { spec, list: listContainers(spec) };
  try {
    return f();
  } finally {
    memo = prev;
  }
}

/** init, regular and ephemeral containers, in the order the reference implementation visits them */
export function allContainers(spec: PodSpecLike): VisitedContainer[] {
  return memo && memo.spec === spec ? memo.list : listContainers(spec);
}

function listContainers(spec: PodSpecLike): VisitedContainer[] {
  const out: VisitedContainer[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (c && typeof c === 'object') out.push({ c, path: `spec.${key}[${i}]`, name: String(c.name ?? `#${i}`) });
    });
  }
  return out;
}

export function isWindowsPod(spec: PodSpecLike): boolean {
  return spec.os?.name === 'windows';
}
