// A native ValidatingAdmissionPolicy (CEL) for the PSS and hardening rules CEL can express, for clusters without webhooks.
// Each validation mirrors one control of src/misconfig/kubernetes/pss at the latest policy version; the tests evaluate
// these expressions and check they agree with the webhook on the fixture pods.
import { BASELINE_CAPABILITIES, safeSysctls, seLinuxTypes } from '../misconfig/kubernetes/pss/baseline.js';
import { LATEST_PSS_MINOR } from '../misconfig/kubernetes/pss/index.js';
import { pssRuleId } from '../misconfig/kubernetes/pss-rules.js';
import type { AdmissionMode, AdmissionPolicy } from './policy.js';
import { PSS_FIX } from './messages.js';

export interface VapValidation {
  /** the webhook's rule id for the same check (DD-PSS-…, DD-K8S-…) */
  rule: string;
  expression: string;
  message: string;
}

const list = (xs: Iterable<string>) => `[${[...xs].map((x) => JSON.stringify(x)).join(', ')}]`;
const PS = 'variables.podSpec';
const PSC = 'variables.podSC';
const C = 'variables.containers';
const notWindows = `${PS}.?os.?name.orValue("") != "windows"`;
const SECCOMP_OK = list(['RuntimeDefault', 'Localhost']);

export const VAP_VARIABLES = [
  {
    name: 'podSpec',
    expression: 'object.kind == "Pod" ? object.spec : object.kind == "CronJob" ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec',
  },
  {
    name: 'podMeta',
    expression: 'object.kind == "Pod" ? object.metadata : object.kind == "CronJob" ? object.spec.jobTemplate.spec.template.?metadata.orValue({}) : object.spec.template.?metadata.orValue({})',
  },
  { name: 'podSC', expression: `${PS}.?securityContext.orValue({})` },
  { name: 'containers', expression: `${PS}.?initContainers.orValue([]) + ${PS}.?containers.orValue([]) + ${PS}.?ephemeralContainers.orValue([])` },
  { name: 'runtimeContainers', expression: `${PS}.?initContainers.orValue([]) + ${PS}.?containers.orValue([])` },
];

const sc = (field: string, dflt: string) => `c.?securityContext.?${field}.orValue(${dflt})`;

function pssValidations(level: 'baseline' | 'restricted'): VapValidation[] {
  const r = level === 'restricted';
  const minor = LATEST_PSS_MINOR;
  const v = (control: string, lvl: 'baseline' | 'restricted', expression: string): VapValidation => ({
    rule: pssRuleId(control, lvl),
    expression,
    message: `[${pssRuleId(control, lvl)} PSS ${level}: ${control}] fix: ${PSS_FIX[control]}`,
  });
  const seLinuxOk = (o: string) =>
    `(${o}.?seLinuxOptions.?type.orValue("") in ${list(seLinuxTypes(minor))}) && ${o}.?seLinuxOptions.?user.orValue("") == "" && ${o}.?seLinuxOptions.?role.orValue("") == ""`;
  // a profile object that is present must name RuntimeDefault or Localhost (an unset type is rejected, as in the reference)
  const profileOk = (o: string, f: string) => `(!${o}.?${f}.hasValue() || ${o}.${f}.?type.orValue("") in ${SECCOMP_OK})`;
  const appArmorOk = (o: string) => profileOk(o, 'appArmorProfile');
  const userNs = `${PS}.?hostUsers.orValue(true) == false`;
  // v1.34+: no host in httpGet/tcpSocket of probes and lifecycle handlers
  const handlers = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.?postStart', 'lifecycle.?preStop'];
  const noHost = handlers.flatMap((h) => ['httpGet', 'tcpSocket'].map((k) => `c.?${h}.?${k}.?host.orValue("") == ""`)).join(' && ');
  const out: VapValidation[] = [
    v('HostProcess', 'baseline', `${PSC}.?windowsOptions.?hostProcess.orValue(false) != true && ${C}.all(c, ${sc('windowsOptions.?hostProcess', 'false')} != true)`),
    v('Host Namespaces', 'baseline', `${PS}.?hostNetwork.orValue(false) != true && ${PS}.?hostPID.orValue(false) != true && ${PS}.?hostIPC.orValue(false) != true`),
    v('Privileged Containers', 'baseline', `${C}.all(c, ${sc('privileged', 'false')} != true)`),
    v('HostPath Volumes', 'baseline', `${PS}.?volumes.orValue([]).all(v, !has(v.hostPath))`),
    v('Host Ports', 'baseline', `${C}.all(c, c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0))`),
    v(
      'AppArmor',
      'baseline',
      `${appArmorOk(PSC)} && ${C}.all(c, ${appArmorOk('c.?securityContext.orValue({})')}) && variables.podMeta.?annotations.orValue({}).all(k, !k.startsWith("container.apparmor.security.beta.kubernetes.io/") || variables.podMeta.annotations[k] == "" || variables.podMeta.annotations[k] == "runtime/default" || variables.podMeta.annotations[k].startsWith("localhost/"))`,
    ),
    v('SELinux', 'baseline', `${seLinuxOk(PSC)} && ${C}.all(c, ${seLinuxOk('c.?securityContext.orValue({})')})`),
    // v1.35+: baseline lets a pod with its own user namespace set any procMount; restricted does not
    v('/proc Mount Type', 'baseline', `${r || minor < 35 ? '' : `${userNs} || `}${C}.all(c, ${sc('procMount', '"Default"')} == "Default")`),
    v('Sysctls', 'baseline', `${PSC}.?sysctls.orValue([]).all(s, s.?name.orValue("") in ${list(safeSysctls(minor))})`),
  ];
  if (minor >= 34) out.push(v('Host Probes / Lifecycle Hooks', 'baseline', `${C}.all(c, ${noHost})`));
  if (!r) {
    out.push(
      v('Capabilities', 'baseline', `${C}.all(c, ${sc('capabilities.?add', '[]')}.all(x, x in ${list(BASELINE_CAPABILITIES)}))`),
      v('Seccomp', 'baseline', `${profileOk(PSC, 'seccompProfile')} && ${C}.all(c, ${profileOk('c.?securityContext.orValue({})', 'seccompProfile')})`),
    );
    return out;
  }
  const allowedVolumes = list(['name', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
  const unlessUserNs = minor >= 35 ? `${userNs} || ` : '';
  out.push(
    v('Volume Types', 'restricted', `${PS}.?volumes.orValue([]).all(v, v.all(k, k in ${allowedVolumes}))`),
    v('Privilege Escalation', 'restricted', `!(${notWindows}) || ${C}.all(c, ${sc('allowPrivilegeEscalation', 'true')} == false)`),
    v(
      'Running as Non-root',
      'restricted',
      `${unlessUserNs}(${PSC}.?runAsNonRoot.orValue(true) != false && ${C}.all(c, c.?securityContext.?runAsNonRoot.hasValue() ? c.securityContext.runAsNonRoot == true : ${PSC}.?runAsNonRoot.orValue(false) == true))`,
    ),
    v('Running as Non-root user', 'restricted', `${unlessUserNs}(${PSC}.?runAsUser.orValue(1) != 0 && ${C}.all(c, ${sc('runAsUser', '1')} != 0))`),
    v(
      'Seccomp',
      'restricted',
      `!(${notWindows}) || ((!${PSC}.?seccompProfile.hasValue() || ${PSC}.seccompProfile.?type.orValue("") in ${SECCOMP_OK}) && ${C}.all(c, c.?securityContext.?seccompProfile.hasValue() ? c.securityContext.seccompProfile.?type.orValue("") in ${SECCOMP_OK} : ${PSC}.?seccompProfile.?type.orValue("") in ${SECCOMP_OK}))`,
    ),
    v('Capabilities', 'restricted', `!(${notWindows}) || ${C}.all(c, ${sc('capabilities.?drop', '[]')}.exists(x, x == "ALL") && ${sc('capabilities.?add', '[]')}.all(x, x == "NET_BIND_SERVICE"))`),
  );
  return out;
}

/** Hardening rules that CEL can check exactly (image-name parsing rules only when the allow-list names registries). */
function hardeningValidations(policy: AdmissionPolicy): VapValidation[] {
  const out: VapValidation[] = [];
  const deny = new Set(policy.hardeningDeny);
  if (policy.trustedRegistries.length) deny.add('DD-K8S-006');
  if (policy.requireDigest) deny.add('DD-K8S-005');
  const RC = 'variables.runtimeContainers';
  if (deny.has('DD-K8S-001'))
    out.push({ rule: 'DD-K8S-001', expression: `${RC}.all(c, ${sc('readOnlyRootFilesystem', 'false')} == true)`, message: '[DD-K8S-001] fix: set securityContext.readOnlyRootFilesystem: true' });
  if (deny.has('DD-K8S-002'))
    out.push({
      rule: 'DD-K8S-002',
      expression: `${RC}.all(c, c.?resources.?limits.?cpu.hasValue() && c.?resources.?limits.?memory.hasValue())`,
      message: '[DD-K8S-002] fix: set resources.limits.cpu and resources.limits.memory',
    });
  if (deny.has('DD-K8S-003'))
    out.push({ rule: 'DD-K8S-003', expression: `${PS}.?automountServiceAccountToken.orValue(true) == false`, message: '[DD-K8S-003] fix: set automountServiceAccountToken: false' });
  if (deny.has('DD-K8S-005'))
    out.push({ rule: 'DD-K8S-005', expression: `${C}.all(c, !has(c.image) || c.image.contains("@sha256:"))`, message: '[DD-K8S-005] fix: reference images by digest (image@sha256:…)' });
  const explicit = policy.trustedRegistries.every((t) => /[.:]/.test(t.split('/')[0]) && !t.startsWith('docker.io'));
  if (deny.has('DD-K8S-006') && explicit)
    out.push({
      rule: 'DD-K8S-006',
      expression: `${C}.all(c, !has(c.image) || ${list(policy.trustedRegistries.map((t) => t.replace(/\/+$/, '')))}.exists(r, c.image.startsWith(r + "/")))`,
      message: `[DD-K8S-006] fix: use images from trusted registries only (${policy.trustedRegistries.join(', ')})`,
    });
  return out;
}

export function vapValidations(policy: AdmissionPolicy): VapValidation[] {
  return [...(policy.pss === 'privileged' ? [] : pssValidations(policy.pss)), ...hardeningValidations(policy)];
}

const ACTIONS: Record<AdmissionMode, string[]> = { enforce: ['Deny'], warn: ['Warn'], audit: ['Audit'] };

export const RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'], scope: 'Namespaced' },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], scope: 'Namespaced' },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'], scope: 'Namespaced' },
];

const exactNames = (xs: string[]) => xs.filter((x) => !x.includes('*'));

/** ValidatingAdmissionPolicy + bindings: one default binding, one per namespace with its own mode. */
export function buildVap(policy: AdmissionPolicy, opts: { name?: string; ownNamespace?: string } = {}): Record<string, any>[] {
  const name = opts.name ?? `drydock-${policy.pss}`;
  const excluded = [...new Set([opts.ownNamespace ?? 'drydock-system', 'kube-system', ...exactNames(policy.exemptions.namespaces)])];
  const overrides = Object.entries(policy.namespaces).filter(([ns, o]) => !ns.includes('*') && o.mode && o.mode !== policy.mode && !excluded.includes(ns));
  const vap = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'drydock' } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: RESOURCE_RULES },
      variables: VAP_VARIABLES,
      validations: vapValidations(policy).map((v) => ({ expression: v.expression, message: v.message, reason: 'Forbidden' })),
    },
  };
  const binding = (suffix: string, actions: string[], selector: Record<string, unknown>) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: `${name}${suffix}`, labels: { 'app.kubernetes.io/managed-by': 'drydock' } },
    spec: { policyName: name, validationActions: actions, matchResources: { namespaceSelector: selector } },
  });
  const key = 'kubernetes.io/metadata.name';
  return [
    vap,
    binding('', ACTIONS[policy.mode], { matchExpressions: [{ key, operator: 'NotIn', values: [...excluded, ...overrides.map(([ns]) => ns)] }] }),
    ...overrides.map(([ns, o]) => binding(`-${ns}`, ACTIONS[o.mode!], { matchExpressions: [{ key, operator: 'In', values: [ns] }] })),
  ];
}
