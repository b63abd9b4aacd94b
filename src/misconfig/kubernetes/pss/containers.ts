import type { ContainerLike, PodSpecLike } from './types.js';

export interface VisitedContainer {
  c: ContainerLike;
  /** e.g. spec.initContainers[0] */
  path: string;
  name: string;
}

/** init, regular and ephemeral containers, in the order the reference implementation visits them */
export function allContainers(spec: PodSpecLike): VisitedContainer[] {
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
