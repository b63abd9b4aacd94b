// RBAC rules: roles that grant more than they should, and bindings to cluster-admin.
import type { Rule, RuleHit } from '../rule.js';
import type { K8sDoc } from './context.js';
import { hitAt } from './context.js';
import { REF } from '../references.js';

const T = 'kubernetes';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

function rulesOf(d: K8sDoc): { r: PolicyRule; i: number }[] {
  if (d.o.kind !== 'Role' && d.o.kind !== 'ClusterRole') return [];
  const rules = d.o.obj.rules;
  return Array.isArray(rules) ? rules.map((r: PolicyRule, i: number) => ({ r: r ?? {}, i })) : [];
}

const arr = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);
const grants = (r: PolicyRule, verbs: string[]) => arr(r.verbs).some((v) => v === '*' || verbs.includes(v));
const covers = (r: PolicyRule, resources: string[]) => arr(r.resources).some((x) => x === '*' || resources.includes(x));
const coreGroup = (r: PolicyRule) => arr(r.apiGroups).some((g) => g === '' || g === '*');

function ruleRule(id: string, title: string, severity: Rule<K8sDoc>['severity'], description: string, remediation: string, pred: (r: PolicyRule) => string | undefined): Rule<K8sDoc> {
  return {
    id,
    title,
    severity,
    target: T,
    description,
    remediation,
    references: [REF.k8sRbacGoodPractices, REF.nsaK8s],
    check(d) {
      const hits: RuleHit[] = [];
      for (const { r, i } of rulesOf(d)) {
        const m = pred(r);
        if (m) hits.push(hitAt(d, ['rules', i], `${d.o.kind} ${d.o.name} ${m}`, false));
      }
      return hits;
    },
  };
}

export const wildcard = ruleRule(
  'DD-RBAC-001',
  'Role grants wildcard verbs or resources',
  'HIGH',
  'A `*` in verbs or resources grants every current and future permission on those objects, including ones added by CRDs later.',
  'List the verbs and resources the workload needs explicitly.',
  (r) => {
    const w = [arr(r.verbs).includes('*') && 'verbs', arr(r.resources).includes('*') && 'resources', arr(r.apiGroups).includes('*') && 'apiGroups'].filter(Boolean);
    return w.length ? `grants * in ${w.join(', ')}` : undefined;
  },
);

export const readSecrets = ruleRule(
  'DD-RBAC-003',
  'Role can read Secrets',
  'HIGH',
  'get/list/watch on secrets reveals every credential in scope (list returns the values too).',
  'Remove secrets access or restrict it with resourceNames to the specific secrets needed.',
  (r) => (coreGroup(r) && covers(r, ['secrets']) && grants(r, ['get', 'list', 'watch']) && arr(r.resourceNames).length === 0 ? 'can read secrets' : undefined),
);

export const podsExec = ruleRule(
  'DD-RBAC-004',
  'Role can exec or attach into pods',
  'HIGH',
  'pods/exec and pods/attach give a shell in any pod in scope, with its service account and mounted secrets.',
  'Grant exec only to break-glass roles.',
  (r) => (coreGroup(r) && covers(r, ['pods/exec', 'pods/attach']) && grants(r, ['create', 'get']) ? 'can exec into pods' : undefined),
);

export const escalate = ruleRule(
  'DD-RBAC-005',
  'Role can escalate, bind or impersonate',
  'CRITICAL',
  'escalate and bind let a subject grant itself permissions it does not hold; impersonate lets it act as any user, group or service account.',
  'Remove escalate/bind/impersonate except for tightly controlled administrative roles.',
  (r) => {
    const v = arr(r.verbs).filter((x) => ['escalate', 'bind', 'impersonate'].includes(x));
    return v.length ? `grants ${v.join(', ')}` : undefined;
  },
);

export const nodesProxy = ruleRule(
  'DD-RBAC-006',
  'Role can access nodes/proxy',
  'HIGH',
  'nodes/proxy reaches the kubelet API, which can run commands in any pod on the node, bypassing audit and admission.',
  'Do not grant nodes/proxy to workloads.',
  (r) => (covers(r, ['nodes/proxy']) && arr(r.verbs).length > 0 ? 'can access nodes/proxy' : undefined),
);

export const clusterAdminBinding: Rule<K8sDoc> = {
  id: 'DD-RBAC-002',
  title: 'Binding to cluster-admin',
  severity: 'CRITICAL',
  target: T,
  description: 'cluster-admin can do anything in the cluster; binding it to users or service accounts makes them cluster owners.',
  remediation: 'Bind a role with only the permissions needed.',
  references: [REF.k8sRbacGoodPractices, REF.nsaK8s],
  check(d) {
    if (d.o.kind !== 'ClusterRoleBinding' && d.o.kind !== 'RoleBinding') return [];
    const ref = d.o.obj.roleRef;
    if (!ref || ref.name !== 'cluster-admin') return [];
    const subjects = Array.isArray(d.o.obj.subjects) ? d.o.obj.subjects.map((s: { kind?: string; name?: string }) => `${s?.kind}/${s?.name}`).join(', ') : '(no subjects)';
    return [hitAt(d, ['roleRef', 'name'], `${d.o.kind} ${d.o.name} grants cluster-admin to ${subjects}`, false)];
  },
};

export const rbacRules: Rule<K8sDoc>[] = [wildcard, clusterAdminBinding, readSecrets, podsExec, escalate, nodesProxy];
