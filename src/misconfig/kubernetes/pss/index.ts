export type { PssLevel, PssViolation, PodSpecLike, ObjectMetaLike, ContainerLike, SecurityContextLike } from './types.js';
export { evaluatePss, PSS_CONTROLS } from './evaluate.js';
export { pssMinor, LATEST_PSS_MINOR } from './version.js';
