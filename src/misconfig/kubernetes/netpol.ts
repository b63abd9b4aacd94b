// NetworkPolicy coverage across all scanned documents: default-deny per namespace, and pods no policy selects.
import type { MisconfigResult, RuleMeta } from '../types.js';
import { hitToResult } from '../rule.js';
import { REF } from '../references.js';
import { objectPath, podTemplateOf } from './workloads.js';
import { formatFieldPath, resourceName, type K8sObject } from './yaml-docs.js';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string>): boolean {
  if (!sel || typeof sel !== 'object') return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== String(v)) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = (e.values ?? []).map(String);
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const isEmptySelector = (s: LabelSelector | undefined | null) => !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);

function policyTypes(p: Record<string, any>): string[] {
  const t = p.spec?.policyTypes;
  if (Array.isArray(t)) return t.map(String);
  // the API defaults policyTypes: Ingress always, Egress when egress rules are present
  return p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Namespaces whose policies deny all ingress/egress by default (empty podSelector, type listed, no rules of that type). */
export function defaultDeny(objects: K8sObject[]): { ingress: Set<string>; egress: Set<string> } {
  const ingress = new Set<string>();
  const egress = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy') continue;
    const ns = o.namespace ?? 'default';
    if (!isEmptySelector(o.obj.spec?.podSelector)) continue;
    const types = policyTypes(o.obj);
    const empty = (x: unknown) => !Array.isArray(x) || x.length === 0;
    if (types.includes('Ingress') && empty(o.obj.spec?.ingress)) ingress.add(ns);
    if (types.includes('Egress') && empty(o.obj.spec?.egress)) egress.add(ns);
  }
  return { ingress, egress };
}

const base = { target: 'kubernetes', references: [REF.k8sNetworkPolicy, REF.nsaK8s] };

export const NO_DEFAULT_DENY_INGRESS: RuleMeta = {
  ...base,
  id: 'DD-NET-001',
  title: 'Namespace has no default-deny ingress NetworkPolicy',
  severity: 'MEDIUM',
  description: 'Without a default-deny ingress policy every pod in the namespace accepts connections from anywhere in the cluster, so one compromised pod can reach all others.',
  remediation: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` and no ingress rules, then allow required traffic explicitly.',
};

export const NO_DEFAULT_DENY_EGRESS: RuleMeta = {
  ...base,
  id: 'DD-NET-002',
  title: 'Namespace has no default-deny egress NetworkPolicy',
  severity: 'MEDIUM',
  description: 'Without a default-deny egress policy a compromised pod can download tools, reach the cloud metadata service and exfiltrate data.',
  remediation: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]` and no egress rules, then allow DNS and required destinations explicitly.',
};

export const POD_NOT_SELECTED: RuleMeta = {
  ...base,
  id: 'DD-NET-003',
  title: 'Workload selected by no NetworkPolicy',
  severity: 'LOW',
  description: 'No NetworkPolicy in the scanned documents selects the pods of this workload, so their traffic is unrestricted.',
  remediation: 'Add a NetworkPolicy whose podSelector matches the workload\'s pod labels (or a namespace default-deny).',
};

export function networkPolicyResults(objects: K8sObject[]): { results: MisconfigResult[]; egressDenied: Set<string> } {
  const workloads = objects.filter((o) => podTemplateOf(o));
  const deny = defaultDeny(objects);
  const results: MisconfigResult[] = [];
  if (workloads.length === 0) return { results, egressDenied: deny.egress };
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const firstByNs = new Map<string, K8sObject>();
  for (const w of workloads) if (!firstByNs.has(w.namespace ?? 'default')) firstByNs.set(w.namespace ?? 'default', w);
  for (const [ns, w] of firstByNs) {
    const at = { line: w.line, resource: `Namespace/${ns}` };
    if (!deny.ingress.has(ns)) results.push(hitToResult(NO_DEFAULT_DENY_INGRESS, { ...at, message: `namespace ${ns} runs workloads (first: ${resourceName(w)}) without a default-deny ingress policy` }, w.file));
    if (!deny.egress.has(ns)) results.push(hitToResult(NO_DEFAULT_DENY_EGRESS, { ...at, message: `namespace ${ns} runs workloads (first: ${resourceName(w)}) without a default-deny egress policy` }, w.file));
  }
  for (const w of workloads) {
    const ns = w.namespace ?? 'default';
    const labels = (podTemplateOf(w)!.meta.labels ?? {}) as Record<string, string>;
    const selected = policies.some((p) => (p.namespace ?? 'default') === ns && selectorMatches(p.obj.spec?.podSelector, labels));
    if (!selected) {
      const path = objectPath(w, ['metadata']);
      results.push(hitToResult(POD_NOT_SELECTED, { message: `pods of ${resourceName(w)} are selected by no NetworkPolicy`, line: w.lineOf(path), field: formatFieldPath([...w.base, ...path, 'labels']), resource: resourceName(w) }, w.file));
    }
  }
  return { results, egressDenied: deny.egress };
}

export const NETPOL_RULES: RuleMeta[] = [NO_DEFAULT_DENY_INGRESS, NO_DEFAULT_DENY_EGRESS, POD_NOT_SELECTED];
