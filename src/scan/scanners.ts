// Kept apart from the pipeline so the CLI can name scanners without loading it.
export type Scanner = 'vuln' | 'config' | 'secret';
export const ALL_SCANNERS: readonly Scanner[] = ['vuln', 'config', 'secret'];
