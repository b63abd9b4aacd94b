export { loadVex, parseVex } from './load.js';
export { applyVex, productMatches, statementMatches } from './apply.js';
export type { VexStatement } from './types.js';
