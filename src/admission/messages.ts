// How a violation reads in a denial, a warning or an audit annotation: rule, container, field, and how to fix it.

export interface Violation {
  /** stable id used in metrics: DD-PSS-…, DD-K8S-…, DD-VULN-… */
  rule: string;
  /** human name, e.g. "PSS restricted: Privileged Containers" */
  title: string;
  container?: string;
  /** object-relative field path */
  field?: string;
  message: string;
  fix: string;
}

export const PSS_FIX: Record<string, string> = {
  HostProcess: 'remove securityContext.windowsOptions.hostProcess',
  'Host Namespaces': 'remove hostNetwork, hostPID and hostIPC (or set them to false)',
  'Privileged Containers': 'remove securityContext.privileged or set it to false',
  Capabilities: 'set securityContext.capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE if needed',
  'HostPath Volumes': 'replace the hostPath volume with emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim',
  'Host Ports': 'remove hostPort and expose the port through a Service',
  AppArmor: 'use the RuntimeDefault or a Localhost AppArmor profile',
  SELinux: 'remove seLinuxOptions.user/role and use a container_t type',
  '/proc Mount Type': 'remove procMount or set it to Default',
  Seccomp: 'set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container',
  Sysctls: 'remove sysctls outside the safe set',
  'Volume Types': 'use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes',
  'Privilege Escalation': 'set securityContext.allowPrivilegeEscalation: false',
  'Running as Non-root': 'set securityContext.runAsNonRoot: true (pod or container) and run the image as a non-zero UID',
  'Running as Non-root user': 'set runAsUser to a non-zero UID',
  'Host Probes / Lifecycle Hooks': 'remove the host field from httpGet/tcpSocket probes and lifecycle handlers (they target the pod IP)',
};

const where = (v: Violation) => [v.container ? `container "${v.container}"` : '', v.field ? `field ${v.field}` : ''].filter(Boolean).join(', ');

/** One line of a denial message. */
export function denialLine(v: Violation): string {
  const w = where(v);
  return `[${v.rule} ${v.title}]${w ? ` ${w}:` : ''} ${v.message}. Fix: ${v.fix}.`;
}

/** A warning line; the API server cuts warnings at 256 characters, so the fix goes last. */
export function warningLine(v: Violation, prefix = ''): string {
  return `${prefix}[${v.rule}] ${v.message}${v.field ? ` (${v.field})` : ''}. Fix: ${v.fix}`;
}

export function denialMessage(subject: string, reason: string, violations: Violation[]): string {
  return [`drydock denied ${subject} (${reason}):`, ...violations.map((v) => `- ${denialLine(v)}`)].join('\n');
}

/** Container name for a pod-relative path like spec.containers[1].image. */
export function containerAt(spec: Record<string, unknown>, podPath: string): string | undefined {
  const m = /^spec\.(initContainers|containers|ephemeralContainers)\[(\d+)\]/.exec(podPath);
  if (!m) return undefined;
  const list = spec[m[1]];
  const c = Array.isArray(list) ? (list[Number(m[2])] as { name?: unknown } | undefined) : undefined;
  return c && typeof c.name === 'string' ? c.name : `#${m[2]}`;
}
