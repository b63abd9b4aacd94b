// Baseline controls, as documented in the Pod Security Standards and judged by the reference admission plugin.
import type { ObjectMetaLike, PodSpecLike, PssViolation } from './types.js';
import { allContainers } from './containers.js';

type V = Omit<PssViolation, 'level'>;

export const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

export function safeSysctls(minor: number): Set<string> {
  const s = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'];
  if (minor >= 27) s.push('net.ipv4.ip_local_reserved_ports');
  if (minor >= 29) s.push('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes');
  if (minor >= 32) s.push('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem');
  return new Set(s);
}

export function seLinuxTypes(minor: number): Set<string> {
  const s = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
  if (minor >= 31) s.push('container_engine_t');
  return new Set(s);
}

export function hostProcess(spec: PodSpecLike): V[] {
  const out: V[] = [];
  const C = 'HostProcess';
  if (spec.securityContext?.windowsOptions?.hostProcess === true)
    out.push({ control: C, fieldPath: 'spec.securityContext.windowsOptions.hostProcess', message: 'pod must not set securityContext.windowsOptions.hostProcess=true' });
  for (const { c, path, name } of allContainers(spec))
    if (c.securityContext?.windowsOptions?.hostProcess === true)
      out.push({ control: C, fieldPath: `${path}.securityContext.windowsOptions.hostProcess`, message: `container "${name}" must not set securityContext.windowsOptions.hostProcess=true` });
  return out;
}

export function hostNamespaces(spec: PodSpecLike): V[] {
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((k) => spec[k] === true)
    .map((k) => ({ control: 'Host Namespaces', fieldPath: `spec.${k}`, message: `${k}=true shares the host's namespace` }));
}

export function privileged(spec: PodSpecLike): V[] {
  return allContainers(spec)
    .filter(({ c }) => c.securityContext?.privileged === true)
    .map(({ path, name }) => ({ control: 'Privileged Containers', fieldPath: `${path}.securityContext.privileged`, message: `container "${name}" must not set securityContext.privileged=true` }));
}

export function capabilitiesBaseline(spec: PodSpecLike): V[] {
  const out: V[] = [];
  for (const { c, path, name } of allContainers(spec)) {
    const add = c.securityContext?.capabilities?.add;
    if (!Array.isArray(add)) continue;
    // as in the reference, every entry is judged, the empty string included (it is not in the default set)
    add.forEach((cap, i) => {
      if (!BASELINE_CAPABILITIES.has(String(cap)))
        out.push({ control: 'Capabilities', fieldPath: `${path}.securityContext.capabilities.add[${i}]`, message: `container "${name}" must not add capability ${cap}` });
    });
  }
  return out;
}

export function hostPathVolumes(spec: PodSpecLike): V[] {
  const out: V[] = [];
  (spec.volumes ?? []).forEach((v, i) => {
    if (v && v.hostPath != null) out.push({ control: 'HostPath Volumes', fieldPath: `spec.volumes[${i}].hostPath`, message: `volume "${v.name ?? i}" mounts a hostPath` });
  });
  return out;
}

export function hostPorts(spec: PodSpecLike): V[] {
  const out: V[] = [];
  for (const { c, path, name } of allContainers(spec)) {
    (c.ports ?? []).forEach((p, j) => {
      if (p && p.hostPort != null && p.hostPort !== 0)
        out.push({ control: 'Host Ports', fieldPath: `${path}.ports[${j}].hostPort`, message: `container "${name}" uses hostPort ${p.hostPort}` });
    });
  }
  return out;
}

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export function appArmor(spec: PodSpecLike, meta: ObjectMetaLike): V[] {
  const out: V[] = [];
  const C = 'AppArmor';
  // a profile object that is present must name RuntimeDefault or Localhost: an unset or empty type is rejected too
  const okType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  if (spec.securityContext?.appArmorProfile && !okType(spec.securityContext.appArmorProfile.type))
    out.push({ control: C, fieldPath: 'spec.securityContext.appArmorProfile.type', message: `pod must not set appArmorProfile.type=${spec.securityContext.appArmorProfile.type ?? '(empty)'}` });
  for (const { c, path, name } of allContainers(spec)) {
    const p = c.securityContext?.appArmorProfile;
    if (p && !okType(p.type)) out.push({ control: C, fieldPath: `${path}.securityContext.appArmorProfile.type`, message: `container "${name}" must not set appArmorProfile.type=${p.type ?? '(empty)'}` });
  }
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue;
    const val = String(v ?? '');
    if (val !== '' && val !== 'runtime/default' && !val.startsWith('localhost/'))
      out.push({ control: C, fieldPath: `metadata.annotations["${k}"]`, message: `AppArmor profile "${val}" is not allowed` });
  }
  return out;
}

export function seLinux(spec: PodSpecLike, minor: number): V[] {
  const out: V[] = [];
  const types = seLinuxTypes(minor);
  const check = (o: PodSpecLike['securityContext'], base: string, who: string) => {
    const s = o?.seLinuxOptions;
    if (!s) return;
    if (s.type != null && !types.has(s.type)) out.push({ control: 'SELinux', fieldPath: `${base}.seLinuxOptions.type`, message: `${who} must not set seLinuxOptions.type=${s.type}` });
    if (s.user != null && s.user !== '') out.push({ control: 'SELinux', fieldPath: `${base}.seLinuxOptions.user`, message: `${who} must not set seLinuxOptions.user` });
    if (s.role != null && s.role !== '') out.push({ control: 'SELinux', fieldPath: `${base}.seLinuxOptions.role`, message: `${who} must not set seLinuxOptions.role` });
  };
  check(spec.securityContext, 'spec.securityContext', 'pod');
  for (const { c, path, name } of allContainers(spec)) check(c.securityContext, `${path}.securityContext`, `container "${name}"`);
  return out;
}

/**
 * Baseline from v1.35 allows any procMount in a pod with its own user namespace (hostUsers: false); restricted never does
 * (the reference's procMount_restricted check overrides the relaxed baseline one).
 */
export function procMount(spec: PodSpecLike, minor: number, restricted: boolean): V[] {
  if (!restricted && minor >= 35 && spec.hostUsers === false) return [];
  return allContainers(spec)
    .filter(({ c }) => c.securityContext?.procMount != null && c.securityContext.procMount !== 'Default')
    .map(({ c, path, name }) => ({ control: '/proc Mount Type', fieldPath: `${path}.securityContext.procMount`, message: `container "${name}" must not set procMount=${c.securityContext!.procMount}` }));
}

const SECCOMP_ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_ANNOTATION_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const validSeccompAnnotation = (v: unknown) => v === 'runtime/default' || v === 'docker/default' || (typeof v === 'string' && v.startsWith('localhost/'));
export const validSeccompType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

export function seccompBaseline(spec: PodSpecLike, meta: ObjectMetaLike, minor: number): V[] {
  const out: V[] = [];
  const C = 'Seccomp';
  if (minor < 19) {
    // before v1.19 seccomp was set by annotations: the pod one and one per (existing) container
    const ann = meta.annotations ?? {};
    const check = (k: string) => {
      if (Object.hasOwn(ann, k) && !validSeccompAnnotation(ann[k]))
        out.push({ control: C, fieldPath: `metadata.annotations["${k}"]`, message: `seccomp profile "${ann[k]}" is not allowed (runtime/default, docker/default or localhost/*)` });
    };
    check(SECCOMP_ANNOTATION_POD);
    for (const { name } of allContainers(spec)) check(SECCOMP_ANNOTATION_CONTAINER + name);
    return out;
  }
  // a profile that is set must be RuntimeDefault or Localhost (Unconfined, an empty type or a misspelling are rejected)
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !validSeccompType(podProfile.type))
    out.push({ control: C, fieldPath: 'spec.securityContext.seccompProfile.type', message: `pod must not set seccompProfile.type=${podProfile.type ?? '(empty)'}` });
  for (const { c, path, name } of allContainers(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p && !validSeccompType(p.type))
      out.push({ control: C, fieldPath: `${path}.securityContext.seccompProfile.type`, message: `container "${name}" must not set seccompProfile.type=${p.type ?? '(empty)'}` });
  }
  return out;
}

type HandlerLike = { httpGet?: { host?: unknown } | null; tcpSocket?: { host?: unknown } | null } | null | undefined;

/** v1.34+: probes and lifecycle handlers must not name a host (only the pod's own IP may be probed). */
export function hostProbesAndLifecycle(spec: PodSpecLike, minor: number): V[] {
  if (minor < 34) return [];
  const out: V[] = [];
  const C = 'Host Probes / Lifecycle Hooks';
  for (const { c, path, name } of allContainers(spec)) {
    const handlers: [string, HandlerLike][] = [
      ['livenessProbe', c.livenessProbe as HandlerLike],
      ['readinessProbe', c.readinessProbe as HandlerLike],
      ['startupProbe', c.startupProbe as HandlerLike],
      ['lifecycle.postStart', (c.lifecycle as { postStart?: HandlerLike } | null)?.postStart],
      ['lifecycle.preStop', (c.lifecycle as { preStop?: HandlerLike } | null)?.preStop],
    ];
    for (const [where, h] of handlers) {
      if (!h || typeof h !== 'object') continue;
      for (const kind of ['httpGet', 'tcpSocket'] as const) {
        const host = h[kind]?.host;
        if (host != null && host !== '')
          out.push({ control: C, fieldPath: `${path}.${where}.${kind}.host`, message: `container "${name}" must not set ${where}.${kind}.host (${String(host)})` });
      }
    }
  }
  return out;
}

export function sysctls(spec: PodSpecLike, minor: number): V[] {
  const safe = safeSysctls(minor);
  const out: V[] = [];
  (spec.securityContext?.sysctls ?? []).forEach((s, i) => {
    if (!safe.has(String(s?.name ?? ''))) out.push({ control: 'Sysctls', fieldPath: `spec.securityContext.sysctls[${i}].name`, message: `sysctl ${s?.name} is not in the safe set` });
  });
  return out;
}
