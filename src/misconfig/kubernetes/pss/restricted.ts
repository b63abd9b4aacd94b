// Restricted controls (on top of baseline), including pod/container inheritance and the Windows exemptions (v1.25+).
import type { PodSpecLike, PssViolation } from './types.js';
import { allContainers, isWindowsPod } from './containers.js';
import { validSeccompType as validSeccomp } from './baseline.js';

type V = Omit<PssViolation, 'level'>;

// `image` volumes were added to the reference's (single, v1.0) restricted volume check in Kubernetes 1.33, so they pass at every version
export const ALLOWED_VOLUME_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

export function volumeTypes(spec: PodSpecLike): V[] {
  const out: V[] = [];
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v || typeof v !== 'object') return;
    // a volume with no source is defaulted to emptyDir by the API server
    for (const key of Object.keys(v)) {
      if (key === 'name' || v[key] == null) continue;
      if (!ALLOWED_VOLUME_SOURCES.has(key)) out.push({ control: 'Volume Types', fieldPath: `spec.volumes[${i}].${key}`, message: `volume "${v.name ?? i}" uses the restricted volume type ${key}` });
    }
  });
  return out;
}

const windowsExempt = (spec: PodSpecLike, minor: number) => minor >= 25 && isWindowsPod(spec);
/** v1.35+: a pod with its own user namespace (hostUsers: false) may run as UID 0 inside it (KEP-127) */
const userNamespaceExempt = (spec: PodSpecLike, minor: number) => minor >= 35 && spec.hostUsers === false;

export function privilegeEscalation(spec: PodSpecLike, minor: number): V[] {
  if (minor < 8 || windowsExempt(spec, minor)) return [];
  return allContainers(spec)
    .filter(({ c }) => c.securityContext?.allowPrivilegeEscalation !== false)
    .map(({ path, name }) => ({ control: 'Privilege Escalation', fieldPath: `${path}.securityContext.allowPrivilegeEscalation`, message: `container "${name}" must set securityContext.allowPrivilegeEscalation=false` }));
}

export function runAsNonRoot(spec: PodSpecLike, minor: number): V[] {
  if (userNamespaceExempt(spec, minor)) return [];
  const out: V[] = [];
  const C = 'Running as Non-root';
  const pod = spec.securityContext?.runAsNonRoot;
  if (pod === false) out.push({ control: C, fieldPath: 'spec.securityContext.runAsNonRoot', message: 'pod must not set securityContext.runAsNonRoot=false' });
  const podTrue = pod === true;
  for (const { c, path, name } of allContainers(spec)) {
    const v = c.securityContext?.runAsNonRoot;
    if (v === false) out.push({ control: C, fieldPath: `${path}.securityContext.runAsNonRoot`, message: `container "${name}" must not set securityContext.runAsNonRoot=false` });
    else if (v == null && !podTrue)
      out.push({ control: C, fieldPath: `${path}.securityContext.runAsNonRoot`, message: `pod or container "${name}" must set securityContext.runAsNonRoot=true` });
  }
  return out;
}

export function runAsUser(spec: PodSpecLike, minor: number): V[] {
  if (minor < 23 || userNamespaceExempt(spec, minor)) return [];
  const out: V[] = [];
  const C = 'Running as Non-root user';
  if (spec.securityContext?.runAsUser === 0) out.push({ control: C, fieldPath: 'spec.securityContext.runAsUser', message: 'pod must not set runAsUser=0' });
  for (const { c, path, name } of allContainers(spec))
    if (c.securityContext?.runAsUser === 0) out.push({ control: C, fieldPath: `${path}.securityContext.runAsUser`, message: `container "${name}" must not set runAsUser=0` });
  return out;
}


export function seccompRestricted(spec: PodSpecLike, minor: number): V[] {
  if (minor < 19 || windowsExempt(spec, minor)) return [];
  const out: V[] = [];
  const C = 'Seccomp';
  let podSet = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null) {
    if (!validSeccomp(podProfile.type)) out.push({ control: C, fieldPath: 'spec.securityContext.seccompProfile.type', message: `pod must not set seccompProfile.type=${podProfile.type ?? '(empty)'}` });
    else podSet = true;
  }
  for (const { c, path, name } of allContainers(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p != null) {
      if (!validSeccomp(p.type)) out.push({ control: C, fieldPath: `${path}.securityContext.seccompProfile.type`, message: `container "${name}" must not set seccompProfile.type=${p.type ?? '(empty)'}` });
    } else if (!podSet) {
      out.push({ control: C, fieldPath: `${path}.securityContext.seccompProfile.type`, message: `pod or container "${name}" must set seccompProfile.type to RuntimeDefault or Localhost` });
    }
  }
  return out;
}

export function capabilitiesRestricted(spec: PodSpecLike, minor: number): V[] {
  if (minor < 22 || windowsExempt(spec, minor)) return [];
  const out: V[] = [];
  const C = 'Capabilities';
  for (const { c, path, name } of allContainers(spec)) {
    const caps = c.securityContext?.capabilities;
    const drop = Array.isArray(caps?.drop) ? caps!.drop! : [];
    if (!drop.includes('ALL')) out.push({ control: C, fieldPath: `${path}.securityContext.capabilities.drop`, message: `container "${name}" must set securityContext.capabilities.drop=["ALL"]` });
    const add = Array.isArray(caps?.add) ? caps!.add! : [];
    add.forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') out.push({ control: C, fieldPath: `${path}.securityContext.capabilities.add[${i}]`, message: `container "${name}" must not add capability ${cap} (only NET_BIND_SERVICE)` });
    });
  }
  return out;
}
