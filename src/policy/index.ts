export { loadPolicy, POLICY_FILES } from './load.js';
export { applyPolicy, isExpired, ruleMatchesFinding, ruleMatchesMisconfig } from './apply.js';
export { evaluateExit, filterForDisplay, mergeFlags, mergePolicyFlags, parseFailOn, type ExitFlags } from './exit.js';
export { pathMatches, purlMatches } from './match.js';
export type { FailOn, IgnoreRule, Policy, PolicyFlags } from './types.js';
