// Every rule, per target, in one place: docs, `drydock rules` and the contract test read this list.
import type { RuleMeta } from './types.js';
import { metaOf } from './rule.js';
import { DOCKERFILE_RULES } from './dockerfile/index.js';
import { KUBERNETES_RULES } from './kubernetes/index.js';
import { COMPOSE_RULES } from './compose/index.js';
import { IMAGE_RULES } from './image/rules.js';
import { SUPPRESSION_WITHOUT_REASON } from './suppress.js';
import { allSecretRules } from '../secret/index.js';

export const TARGETS = ['dockerfile', 'kubernetes', 'compose', 'image', 'secret', 'general'] as const;
export type RuleTarget = (typeof TARGETS)[number];

export function rulesByTarget(): Record<RuleTarget, RuleMeta[]> {
  return {
    dockerfile: DOCKERFILE_RULES.map(metaOf),
    kubernetes: KUBERNETES_RULES.map(metaOf),
    compose: COMPOSE_RULES.map(metaOf),
    image: Object.values(IMAGE_RULES).map(metaOf),
    secret: allSecretRules(),
    general: [SUPPRESSION_WITHOUT_REASON],
  };
}

export function allRules(): RuleMeta[] {
  return Object.values(rulesByTarget())
    .flat()
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function findRule(id: string): RuleMeta | undefined {
  return allRules().find((r) => r.id === id);
}
