// PSS violations as located results: one rule per control and level, lines mapped from the YAML afterwards.
import type { MisconfigResult, RuleMeta } from '../types.js';
import type { Severity } from '../../match/types.js';
import { REF } from '../references.js';
import { evaluatePss, PSS_CONTROLS } from './pss/evaluate.js';
import type { PssLevel, PssViolation } from './pss/types.js';
import { formatFieldPath, parseFieldPath, resourceName, type K8sObject } from './yaml-docs.js';
import { objectPath, podTemplateOf } from './workloads.js';

const SEVERITY: Record<string, Severity> = {
  HostProcess: 'HIGH',
  'Host Namespaces': 'HIGH',
  'Privileged Containers': 'HIGH',
  'HostPath Volumes': 'HIGH',
  'Host Ports': 'MEDIUM',
  AppArmor: 'MEDIUM',
  SELinux: 'MEDIUM',
  '/proc Mount Type': 'MEDIUM',
  Sysctls: 'MEDIUM',
  'Volume Types': 'LOW',
  'Privilege Escalation': 'MEDIUM',
  'Running as Non-root': 'MEDIUM',
  'Running as Non-root user': 'MEDIUM',
  'Host Probes / Lifecycle Hooks': 'MEDIUM',
};

const DESCRIPTIONS: Record<string, string> = {
  HostProcess: 'Windows HostProcess containers have privileged access to the Windows host; they must not be used.',
  'Host Namespaces': 'Sharing the host network, PID or IPC namespace lets the pod see and interfere with host processes and traffic.',
  'Privileged Containers': 'Privileged containers disable most isolation: they can access host devices and effectively are root on the node.',
  Capabilities: 'Linux capabilities beyond a small default set grant kernel-level privileges (e.g. SYS_ADMIN, NET_ADMIN).',
  'HostPath Volumes': 'hostPath volumes expose the node filesystem to the pod, a common route to node takeover.',
  'Host Ports': 'hostPort binds directly on the node, bypassing network policy and limiting scheduling.',
  AppArmor: 'Overriding or disabling the default AppArmor profile removes a mandatory access control layer.',
  SELinux: 'Setting custom SELinux user/role or an unusual type can escape the container SELinux policy.',
  '/proc Mount Type': 'An unmasked /proc exposes host kernel interfaces that are masked by default.',
  Seccomp: 'Seccomp filters the system calls a container can make; it must not be disabled, and the restricted profile requires it explicitly.',
  Sysctls: 'Only namespaced, isolated sysctls are safe; others change kernel settings for the whole node.',
  'Volume Types': 'The restricted profile allows only core volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret).',
  'Privilege Escalation': 'allowPrivilegeEscalation must be false so that setuid binaries cannot gain more privileges than the parent process.',
  'Running as Non-root': 'Containers must be required to run as non-root (runAsNonRoot=true at pod or container level).',
  'Running as Non-root user': 'Containers must not set runAsUser to 0.',
  'Host Probes / Lifecycle Hooks': 'A host in an httpGet or tcpSocket probe or lifecycle handler makes the kubelet connect to an arbitrary address on the pod\'s behalf (policy v1.34+).',
};

export function pssRuleId(control: string, level: PssLevel): string {
  const i = PSS_CONTROLS.findIndex((c) => c.control === control && c.level === level);
  return `DD-PSS-${String(i + 1).padStart(3, '0')}`;
}

export const PSS_RULES: RuleMeta[] = PSS_CONTROLS.map(({ control, level }) => ({
  id: pssRuleId(control, level),
  title: `Pod Security Standards (${level}): ${control}`,
  severity: SEVERITY[control] ?? (level === 'baseline' ? 'HIGH' : 'MEDIUM'),
  description: `${DESCRIPTIONS[control] ?? ''} This is the "${control}" control of the ${level} Pod Security Standard, judged as the Kubernetes Pod Security Admission plugin judges it.`,
  remediation: `Change the pod spec so that it meets the ${level} profile's "${control}" control (see the Pod Security Standards for the allowed values).`,
  references: [`${REF.pss}#${level}`, REF.nsaK8s],
  target: 'kubernetes',
}));

const byId = new Map(PSS_RULES.map((r) => [r.id, r]));

export function pssViolationToResult(o: K8sObject, v: PssViolation): MisconfigResult {
  const path = objectPath(o, parseFieldPath(v.fieldPath));
  return {
    rule: byId.get(pssRuleId(v.control, v.level))!,
    message: `${v.control}: ${v.message}`,
    file: o.file,
    line: o.lineOf(path),
    field: formatFieldPath([...o.base, ...path]),
    resource: resourceName(o),
  };
}

export function pssResults(objects: K8sObject[], level: PssLevel, version?: string): MisconfigResult[] {
  const out: MisconfigResult[] = [];
  for (const o of objects) {
    const t = podTemplateOf(o);
    if (!t) continue;
    for (const v of evaluatePss(t.spec, t.meta, level, version)) out.push(pssViolationToResult(o, v));
  }
  return out;
}
