// The policy-only decision: pure and synchronous (a few hundred µs) so the webhook stays far inside its timeout.
import { evaluatePss } from '../misconfig/kubernetes/pss/index.js';
import { allContainers } from '../misconfig/kubernetes/pss/containers.js';
import { pssRuleId } from '../misconfig/kubernetes/pss-rules.js';
import { podTemplateOf, objectPath, WORKLOAD_KINDS } from '../misconfig/kubernetes/workloads.js';
import { formatFieldPath, parseFieldPath } from '../misconfig/kubernetes/yaml-docs.js';
import type { AdmissionRequest } from './review.js';
import type { AdmissionMode, AdmissionPolicy, PssSetting } from './policy.js';
import { namespacePolicy } from './policy.js';
import { admissionObject, runHardening } from './hardening.js';
import { PSS_FIX, containerAt, type Violation } from './messages.js';

/** Kinds the webhook judges: Pod and every workload with a pod template. */
export const ADMITTED_KINDS = WORKLOAD_KINDS.filter((k) => k !== 'PodTemplate');

export interface GateImage {
  image: string;
  container: string;
  field: string;
}

export interface Decision {
  uid: string;
  /** "Deployment shop/api" */
  subject: string;
  mode: AdmissionMode;
  pss: PssSetting;
  /** set when the request is not judged (exempt, other kind, unchanged update…) */
  skipped?: string;
  /** violations that deny in enforce mode */
  deny: Violation[];
  /** violations that only ever warn */
  warn: Violation[];
  /** images the vulnerability gate must clear */
  images: GateImage[];
}

const glob = (pattern: string, value: string) => (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern);

function saUsername(entry: string): string {
  if (entry.startsWith('system:serviceaccount:')) return entry;
  const [ns, name] = entry.split(/[/:]/);
  return `system:serviceaccount:${ns}:${name}`;
}

function imageExempt(policy: AdmissionPolicy, image: string): boolean {
  return policy.exemptions.images.some((p) => glob(p, image));
}

export function decide(policy: AdmissionPolicy, req: AdmissionRequest): Decision {
  const kind = req.kind.kind;
  const namespace = req.namespace ?? String((req.object?.metadata as { namespace?: string } | undefined)?.namespace ?? '');
  const name = req.name || String((req.object?.metadata as { name?: string; generateName?: string } | undefined)?.name ?? (req.object?.metadata as { generateName?: string } | undefined)?.generateName ?? '');
  const { mode, pss } = namespacePolicy(policy, namespace);
  const d: Decision = { uid: req.uid, subject: `${kind} ${namespace ? `${namespace}/` : ''}${name}`, mode, pss, deny: [], warn: [], images: [] };
  // The helpers take what they need as arguments: no closures per review (each costs a name definition under keepNames).

  if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return skipped(d, `operation ${req.operation}`);
  if (!ADMITTED_KINDS.includes(kind)) return skipped(d, `kind ${kind} is not judged`);
  if (req.subResource && req.subResource !== 'ephemeralcontainers') return skipped(d, `subresource ${req.subResource}`);
  if (policy.exemptions.namespaces.some((p) => glob(p, namespace))) return skipped(d, `namespace ${namespace} is exempt`);
  const user = req.userInfo?.username ?? '';
  if (policy.exemptions.usernames.includes(user) || policy.exemptions.serviceAccounts.some((s) => saUsername(s) === user)) return skipped(d, `user ${user} is exempt`);
  const obj = req.object;
  if (!obj) return skipped(d, 'no object');
  const o = admissionObject(obj, kind, namespace);
  const t = podTemplateOf(o);
  if (!t) return skipped(d, 'no pod template');
  // Like Pod Security Admission: an update that leaves the pod template alone (labels, scale…) is not re-judged.
  if (req.operation === 'UPDATE' && req.oldObject) {
    const old = podTemplateOf(admissionObject(req.oldObject, kind, namespace));
    if (old && JSON.stringify(old.spec) === JSON.stringify(t.spec)) return skipped(d, 'pod template unchanged');
  }

  const spec = t.spec as Record<string, unknown>;

  if (pss !== 'privileged') {
    for (const v of evaluatePss(t.spec, t.meta, pss, policy.pssVersion)) {
      if (exemptContainer(policy, spec, v.fieldPath)) continue;
      d.deny.push({
        rule: pssRuleId(v.control, v.level),
        title: `PSS ${pss}: ${v.control}`,
        container: containerAt(spec, v.fieldPath),
        field: toObjectPath(o, v.fieldPath),
        message: v.message,
        fix: PSS_FIX[v.control] ?? `meet the ${pss} Pod Security Standard`,
      });
    }
  }

  const denyIds = [...policy.hardeningDeny];
  if (policy.trustedRegistries.length && !denyIds.includes('DD-K8S-006')) denyIds.push('DD-K8S-006');
  if (policy.requireDigest && !denyIds.includes('DD-K8S-005')) denyIds.push('DD-K8S-005');
  hard(policy, o, t, spec, denyIds, d.deny);
  hard(policy, o, t, spec, policy.hardeningWarn.filter((id) => !denyIds.includes(id)), d.warn);

  if (policy.vulnerabilities) {
    for (const { c, path, name: cname } of allContainers(t.spec)) {
      if (typeof c.image !== 'string' || c.image === '' || imageExempt(policy, c.image)) continue;
      d.images.push({ image: c.image, container: cname, field: toObjectPath(o, `${path}.image`) });
    }
  }
  return d;
}

function skipped(d: Decision, why: string): Decision {
  d.skipped = why;
  return d;
}

type AdmissionObject = ReturnType<typeof admissionObject>;
type PodTemplate = NonNullable<ReturnType<typeof podTemplateOf>>;

function toObjectPath(o: AdmissionObject, podPath: string): string {
  return formatFieldPath(objectPath(o, parseFieldPath(podPath)));
}

const CONTAINER_PATH = /^spec\.(initContainers|containers|ephemeralContainers)\[(\d+)\]/;

function exemptContainer(policy: AdmissionPolicy, spec: Record<string, unknown>, podPath: string): boolean {
  const m = CONTAINER_PATH.exec(podPath);
  const img = m ? (spec[m[1]] as { image?: unknown }[] | undefined)?.[Number(m[2])]?.image : undefined;
  return typeof img === 'string' && imageExempt(policy, img);
}

function hard(policy: AdmissionPolicy, o: AdmissionObject, t: PodTemplate, spec: Record<string, unknown>, ids: string[], into: Violation[]): void {
  for (const h of runHardening(o, t, ids, policy.trustedRegistries)) {
    const podField = h.field ? podRelative(o.kind, h.field) : undefined;
    if (podField && exemptContainer(policy, spec, podField)) continue;
    into.push({
      rule: h.rule.id,
      title: h.rule.title,
      container: podField ? containerAt(spec, podField) : undefined,
      field: h.field,
      message: h.message,
      fix: h.rule.remediation.replace(/`/g, '').replace(/\.$/, '') + (h.rule.id === 'DD-K8S-006' ? ` (trusted: ${policy.trustedRegistries.join(', ')})` : ''),
    });
  }
}

/** Object path of a workload back to the pod-relative form (`spec.template.spec.x` → `spec.x`). */
function podRelative(kind: string, field: string): string {
  const prefix = kind === 'Pod' ? 'spec.' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec.' : 'spec.template.spec.';
  return field.startsWith(prefix) ? 'spec.' + field.slice(prefix.length) : field;
}
