// Runs the project's Kubernetes hardening rules (src/misconfig/kubernetes/hardening.ts) on an admission object.
import type { Rule } from '../misconfig/rule.js';
import type { K8sDoc } from '../misconfig/kubernetes/context.js';
import { k8sDoc } from '../misconfig/kubernetes/context.js';
import { hardeningRules } from '../misconfig/kubernetes/hardening.js';
import type { K8sObject } from '../misconfig/kubernetes/yaml-docs.js';
import type { PodTemplate } from '../misconfig/kubernetes/workloads.js';

/** Rules that judge a pod template (the ConfigMap rule has no place in pod admission). */
const RULES: Rule<K8sDoc>[] = hardeningRules.filter((r) => r.id !== 'DD-K8S-008');
export const HARDENING_RULE_IDS: string[] = RULES.map((r) => r.id);
export const HARDENING_RULES: ReadonlyMap<string, Rule<K8sDoc>> = new Map(RULES.map((r) => [r.id, r]));

export interface HardeningHit {
  rule: Rule<K8sDoc>;
  message: string;
  /** object-relative field path, e.g. spec.template.spec.containers[0].image */
  field?: string;
}

const NO_SA = new Set<string>();

/** The admission object seen as a parsed manifest (no file, so no lines). */
export function admissionObject(obj: Record<string, any>, kind: string, namespace: string | undefined): K8sObject {
  return {
    kind,
    apiVersion: String(obj.apiVersion ?? ''),
    name: String(obj.metadata?.name ?? obj.metadata?.generateName ?? ''),
    namespace,
    obj,
    file: '',
    docIndex: 0,
    base: [],
    line: 0,
    endLine: 0,
    lineOf: () => 0,
  };
}

export function runHardening(o: K8sObject, t: PodTemplate, ids: readonly string[], trustedRegistries: readonly string[]): HardeningHit[] {
  if (ids.length === 0) return [];
  const doc: K8sDoc = { ...k8sDoc(o, trustedRegistries, NO_SA), t };
  const out: HardeningHit[] = [];
  for (const id of ids) {
    const rule = HARDENING_RULES.get(id);
    if (!rule) continue;
    for (const h of rule.check(doc)) out.push({ rule, message: h.message, field: h.field });
  }
  return out;
}
