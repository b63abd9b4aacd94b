// Dockerfile checks: parse, run every rule, apply inline suppressions.
import type { MisconfigResult } from '../types.js';
import type { Warning } from '../../errors.js';
import { parseDockerfile } from '../../dockerfile/parse.js';
import { runRules, type Rule } from '../rule.js';
import { applyInlineSuppressions } from '../suppress.js';
import { dockerfileDoc, type DockerfileDoc } from './context.js';
import { baseRules } from './rules-base.js';
import { runRulesList } from './rules-run.js';
import { miscRules } from './rules-misc.js';

export type { DockerfileDoc } from './context.js';

export const DOCKERFILE_RULES: readonly Rule<DockerfileDoc>[] = [...baseRules, ...runRulesList, ...miscRules].sort((a, b) => a.id.localeCompare(b.id));

export interface DockerfileScanOptions {
  trustedRegistries?: readonly string[];
}

export function scanDockerfile(text: string, file: string, options: DockerfileScanOptions = {}): { results: MisconfigResult[]; warnings: Warning[] } {
  const df = parseDockerfile(text, file);
  const warnings: Warning[] = [...df.warnings];
  const doc = dockerfileDoc(df, options.trustedRegistries ?? []);
  const results = runRules(DOCKERFILE_RULES, doc, file, (rule, e) => warnings.push({ file, message: `rule ${rule.id} failed: ${String(e)}` }));
  return { results: applyInlineSuppressions(results, text, file), warnings };
}
