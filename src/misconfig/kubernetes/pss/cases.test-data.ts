// PSS fixture pods written from the documented controls: a restricted-compliant pod and one change per case,
// with the verdict each level must give (shared by the evaluator test and the CLI test).
import type { PodSpecLike, ObjectMetaLike } from './types.js';

export interface PssCase {
  name: string;
  /** change applied to a copy of the compliant pod */
  mutate: (p: { metadata: ObjectMetaLike; spec: PodSpecLike }) => void;
  baseline: 'pass' | 'fail';
  restricted: 'pass' | 'fail';
  version?: string;
  /** control expected in the violations when failing */
  control?: string;
  /** a field path expected among the violations */
  field?: string;
}

const sc = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } as { drop?: string[]; add?: string[] } });

export function compliantPod(): { apiVersion: string; kind: string; metadata: ObjectMetaLike; spec: PodSpecLike } {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'fixture', annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', image: 'registry.example/init:1.0', securityContext: sc() }],
      containers: [{ name: 'app', image: 'registry.example/app:1.0', securityContext: sc() }],
    },
  };
}

const c0 = (p: { spec: PodSpecLike }) => p.spec.containers![0].securityContext!;
const i0 = (p: { spec: PodSpecLike }) => p.spec.initContainers![0].securityContext!;
const podSc = (p: { spec: PodSpecLike }) => p.spec.securityContext!;

const DOCUMENTED_CASES: PssCase[] = [
  { name: 'compliant pod', mutate: () => {}, baseline: 'pass', restricted: 'pass' },
  { name: 'minimal pod (no securityContext)', mutate: (p) => { p.spec = { containers: [{ name: 'app', image: 'x:1' }] }; }, baseline: 'pass', restricted: 'fail' },
  // HostProcess
  { name: 'hostProcess pod-level', mutate: (p) => { podSc(p).windowsOptions = { hostProcess: true }; }, baseline: 'fail', restricted: 'fail', control: 'HostProcess', field: 'spec.securityContext.windowsOptions.hostProcess' },
  { name: 'hostProcess container-level', mutate: (p) => { c0(p).windowsOptions = { hostProcess: true }; }, baseline: 'fail', restricted: 'fail', control: 'HostProcess', field: 'spec.containers[0].securityContext.windowsOptions.hostProcess' },
  { name: 'hostProcess false', mutate: (p) => { c0(p).windowsOptions = { hostProcess: false }; }, baseline: 'pass', restricted: 'pass' },
  // Host Namespaces
  { name: 'hostNetwork', mutate: (p) => { p.spec.hostNetwork = true; }, baseline: 'fail', restricted: 'fail', control: 'Host Namespaces', field: 'spec.hostNetwork' },
  { name: 'hostPID', mutate: (p) => { p.spec.hostPID = true; }, baseline: 'fail', restricted: 'fail', control: 'Host Namespaces', field: 'spec.hostPID' },
  { name: 'hostIPC', mutate: (p) => { p.spec.hostIPC = true; }, baseline: 'fail', restricted: 'fail', control: 'Host Namespaces', field: 'spec.hostIPC' },
  { name: 'host namespaces false', mutate: (p) => { Object.assign(p.spec, { hostNetwork: false, hostPID: false, hostIPC: false }); }, baseline: 'pass', restricted: 'pass' },
  // Privileged Containers
  { name: 'privileged container', mutate: (p) => { c0(p).privileged = true; }, baseline: 'fail', restricted: 'fail', control: 'Privileged Containers', field: 'spec.containers[0].securityContext.privileged' },
  { name: 'privileged init container', mutate: (p) => { i0(p).privileged = true; }, baseline: 'fail', restricted: 'fail', field: 'spec.initContainers[0].securityContext.privileged' },
  { name: 'privileged ephemeral container', mutate: (p) => { p.spec.ephemeralContainers = [{ name: 'dbg', image: 'x:1', securityContext: { ...sc(), privileged: true } }]; }, baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.privileged' },
  { name: 'ephemeral container without restricted settings', mutate: (p) => { p.spec.ephemeralContainers = [{ name: 'dbg', image: 'x:1' }]; }, baseline: 'pass', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation' },
  { name: 'privileged false', mutate: (p) => { c0(p).privileged = false; }, baseline: 'pass', restricted: 'pass' },
  // Capabilities
  { name: 'add SYS_ADMIN', mutate: (p) => { c0(p).capabilities!.add = ['SYS_ADMIN']; }, baseline: 'fail', restricted: 'fail', control: 'Capabilities', field: 'spec.containers[0].securityContext.capabilities.add[0]' },
  { name: 'add NET_RAW (not in baseline list)', mutate: (p) => { c0(p).capabilities!.add = ['NET_RAW']; }, baseline: 'fail', restricted: 'fail' },
  { name: 'add CHOWN (baseline only)', mutate: (p) => { c0(p).capabilities!.add = ['CHOWN']; }, baseline: 'pass', restricted: 'fail', control: 'Capabilities' },
  { name: 'add NET_BIND_SERVICE', mutate: (p) => { c0(p).capabilities!.add = ['NET_BIND_SERVICE']; }, baseline: 'pass', restricted: 'pass' },
  { name: 'no drop ALL', mutate: (p) => { c0(p).capabilities = { drop: ['NET_RAW'] }; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.capabilities.drop' },
  { name: 'init container without drop ALL', mutate: (p) => { delete i0(p).capabilities; }, baseline: 'pass', restricted: 'fail', field: 'spec.initContainers[0].securityContext.capabilities.drop' },
  { name: 'capabilities before v1.22 not restricted', mutate: (p) => { delete c0(p).capabilities; }, baseline: 'pass', restricted: 'pass', version: 'v1.21' },
  // HostPath Volumes
  { name: 'hostPath volume', mutate: (p) => { p.spec.volumes = [{ name: 'h', hostPath: { path: '/var/run' } }]; }, baseline: 'fail', restricted: 'fail', control: 'HostPath Volumes', field: 'spec.volumes[0].hostPath' },
  // Host Ports
  { name: 'hostPort', mutate: (p) => { p.spec.containers![0].ports = [{ containerPort: 80, hostPort: 8080 }]; }, baseline: 'fail', restricted: 'fail', control: 'Host Ports', field: 'spec.containers[0].ports[0].hostPort' },
  { name: 'hostPort 0', mutate: (p) => { p.spec.containers![0].ports = [{ containerPort: 80, hostPort: 0 }]; }, baseline: 'pass', restricted: 'pass' },
  // AppArmor
  { name: 'apparmor annotation unconfined', mutate: (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; }, baseline: 'fail', restricted: 'fail', control: 'AppArmor', field: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]' },
  { name: 'apparmor annotation runtime/default', mutate: (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'apparmor annotation localhost/x', mutate: (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-nginx' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'apparmor field Unconfined (pod)', mutate: (p) => { podSc(p).appArmorProfile = { type: 'Unconfined' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.appArmorProfile.type' },
  { name: 'apparmor field Unconfined (container)', mutate: (p) => { c0(p).appArmorProfile = { type: 'Unconfined' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].securityContext.appArmorProfile.type' },
  { name: 'apparmor field Localhost', mutate: (p) => { c0(p).appArmorProfile = { type: 'Localhost', localhostProfile: 'p' }; }, baseline: 'pass', restricted: 'pass' },
  // SELinux
  { name: 'selinux type spc_t', mutate: (p) => { podSc(p).seLinuxOptions = { type: 'spc_t' }; }, baseline: 'fail', restricted: 'fail', control: 'SELinux', field: 'spec.securityContext.seLinuxOptions.type' },
  { name: 'selinux type container_t', mutate: (p) => { c0(p).seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'selinux container_engine_t (latest)', mutate: (p) => { c0(p).seLinuxOptions = { type: 'container_engine_t' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'selinux container_engine_t (v1.30)', mutate: (p) => { c0(p).seLinuxOptions = { type: 'container_engine_t' }; }, baseline: 'fail', restricted: 'fail', version: 'v1.30' },
  { name: 'selinux user', mutate: (p) => { c0(p).seLinuxOptions = { user: 'system_u' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].securityContext.seLinuxOptions.user' },
  { name: 'selinux role', mutate: (p) => { i0(p).seLinuxOptions = { role: 'system_r' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.initContainers[0].securityContext.seLinuxOptions.role' },
  // /proc Mount Type
  { name: 'procMount Unmasked', mutate: (p) => { c0(p).procMount = 'Unmasked'; }, baseline: 'fail', restricted: 'fail', control: '/proc Mount Type', field: 'spec.containers[0].securityContext.procMount' },
  { name: 'procMount Default', mutate: (p) => { c0(p).procMount = 'Default'; }, baseline: 'pass', restricted: 'pass' },
  // Seccomp
  { name: 'seccomp pod Unconfined', mutate: (p) => { podSc(p).seccompProfile = { type: 'Unconfined' }; }, baseline: 'fail', restricted: 'fail', control: 'Seccomp', field: 'spec.securityContext.seccompProfile.type' },
  { name: 'seccomp container Unconfined', mutate: (p) => { c0(p).seccompProfile = { type: 'Unconfined' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].securityContext.seccompProfile.type' },
  { name: 'seccomp unset everywhere', mutate: (p) => { delete podSc(p).seccompProfile; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.seccompProfile.type' },
  { name: 'seccomp set on every container only', mutate: (p) => { delete podSc(p).seccompProfile; c0(p).seccompProfile = { type: 'RuntimeDefault' }; i0(p).seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'seccomp on one container only', mutate: (p) => { delete podSc(p).seccompProfile; c0(p).seccompProfile = { type: 'RuntimeDefault' }; }, baseline: 'pass', restricted: 'fail', field: 'spec.initContainers[0].securityContext.seccompProfile.type' },
  { name: 'seccomp pod Localhost', mutate: (p) => { podSc(p).seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; }, baseline: 'pass', restricted: 'pass' },
  // Sysctls
  { name: 'unsafe sysctl', mutate: (p) => { podSc(p).sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }, baseline: 'fail', restricted: 'fail', control: 'Sysctls', field: 'spec.securityContext.sysctls[0].name' },
  { name: 'safe sysctl', mutate: (p) => { podSc(p).sysctls = [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]; }, baseline: 'pass', restricted: 'pass' },
  { name: 'tcp_rmem (latest)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }]; }, baseline: 'pass', restricted: 'pass' },
  { name: 'tcp_rmem (v1.31)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' }]; }, baseline: 'fail', restricted: 'fail', version: 'v1.31' },
  // Volume Types
  { name: 'nfs volume', mutate: (p) => { p.spec.volumes = [{ name: 'n', nfs: { server: 's', path: '/' } }]; }, baseline: 'pass', restricted: 'fail', control: 'Volume Types', field: 'spec.volumes[0].nfs' },
  { name: 'allowed volume types', mutate: (p) => { p.spec.volumes = [{ name: 'a', configMap: { name: 'c' } }, { name: 'b', emptyDir: {} }, { name: 'c', persistentVolumeClaim: { claimName: 'x' } }, { name: 'd', projected: { sources: [] } }, { name: 'e', secret: { secretName: 's' } }, { name: 'f', downwardAPI: {} }, { name: 'g', csi: { driver: 'd' } }, { name: 'h', ephemeral: {} }]; }, baseline: 'pass', restricted: 'pass' },
  // Privilege Escalation
  { name: 'allowPrivilegeEscalation true', mutate: (p) => { c0(p).allowPrivilegeEscalation = true; }, baseline: 'pass', restricted: 'fail', control: 'Privilege Escalation', field: 'spec.containers[0].securityContext.allowPrivilegeEscalation' },
  { name: 'allowPrivilegeEscalation unset', mutate: (p) => { delete i0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'fail', field: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation' },
  // Running as Non-root
  { name: 'runAsNonRoot pod false', mutate: (p) => { podSc(p).runAsNonRoot = false; }, baseline: 'pass', restricted: 'fail', control: 'Running as Non-root', field: 'spec.securityContext.runAsNonRoot' },
  { name: 'runAsNonRoot only on containers', mutate: (p) => { delete podSc(p).runAsNonRoot; c0(p).runAsNonRoot = true; i0(p).runAsNonRoot = true; }, baseline: 'pass', restricted: 'pass' },
  { name: 'runAsNonRoot missing on one container', mutate: (p) => { delete podSc(p).runAsNonRoot; c0(p).runAsNonRoot = true; }, baseline: 'pass', restricted: 'fail', field: 'spec.initContainers[0].securityContext.runAsNonRoot' },
  { name: 'runAsNonRoot container false overrides pod true', mutate: (p) => { c0(p).runAsNonRoot = false; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.runAsNonRoot' },
  // Running as Non-root user
  { name: 'runAsUser 0 pod', mutate: (p) => { podSc(p).runAsUser = 0; }, baseline: 'pass', restricted: 'fail', control: 'Running as Non-root user', field: 'spec.securityContext.runAsUser' },
  { name: 'runAsUser 0 container', mutate: (p) => { c0(p).runAsUser = 0; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.runAsUser' },
  { name: 'runAsUser 1000', mutate: (p) => { podSc(p).runAsUser = 1000; c0(p).runAsUser = 1001; }, baseline: 'pass', restricted: 'pass' },
  { name: 'runAsUser 0 before v1.23', mutate: (p) => { podSc(p).runAsUser = 0; }, baseline: 'pass', restricted: 'pass', version: 'v1.22' },
  // Windows pods
  { name: 'windows pod exempt from Linux-only restricted controls', mutate: (p) => { p.spec.os = { name: 'windows' }; delete podSc(p).seccompProfile; delete c0(p).capabilities; delete c0(p).allowPrivilegeEscalation; delete i0(p).capabilities; delete i0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'pass' },
  { name: 'windows pod before v1.25 not exempt', mutate: (p) => { p.spec.os = { name: 'windows' }; delete c0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'fail', version: 'v1.24' },
  { name: 'windows pod still needs runAsNonRoot', mutate: (p) => { p.spec.os = { name: 'windows' }; delete podSc(p).runAsNonRoot; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.runAsNonRoot' },
];

// ---------------------------------------------------------------------------------------------------------------------
// Edge cases and version boundaries, checked control by control against the reference implementation
// (k8s.io/pod-security-admission policy/check_*.go and the pass/fail mutations its test/fixtures_*.go generators describe);
// the pods below are our own. See docs/pss.md.

type Pod = { metadata: ObjectMetaLike; spec: PodSpecLike };
const ann = (p: Pod, k: string, v: string) => { p.metadata.annotations = { ...(p.metadata.annotations ?? {}), [k]: v }; };
const AA = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_C = 'container.seccomp.security.alpha.kubernetes.io/';
const ephemeral = (p: Pod, extra: Record<string, unknown> = {}) => { p.spec.ephemeralContainers = [{ name: 'dbg', image: 'x:1', securityContext: sc(), ...extra }]; };
/** a pod that runs as root inside its own user namespace: nothing else relaxed */
const userNsRoot = (p: Pod) => { p.spec.hostUsers = false; delete podSc(p).runAsNonRoot; podSc(p).runAsUser = 0; };
const probe = (host?: string) => ({ httpGet: { path: '/healthz', port: 8080, ...(host === undefined ? {} : { host }) } });

// every volume source the restricted profile forbids (the documented list, hostPath included)
const RESTRICTED_VOLUME_SOURCES: Record<string, Record<string, unknown>> = {
  gcePersistentDisk: { pdName: 'd' }, awsElasticBlockStore: { volumeID: 'v' }, gitRepo: { repository: 'https://example.com/r.git' }, nfs: { server: 's', path: '/x' },
  iscsi: { targetPortal: 't:3260', iqn: 'iqn.2001-04.com.example:x', lun: 0 }, glusterfs: { endpoints: 'e', path: 'p' }, rbd: { monitors: ['m'], image: 'i' },
  flexVolume: { driver: 'example/d' }, cinder: { volumeID: 'v' }, cephfs: { monitors: ['m'] }, flocker: { datasetName: 'd' }, fc: { wwids: ['w'] },
  azureFile: { secretName: 's', shareName: 'sh' }, vsphereVolume: { volumePath: '[ds] v.vmdk' }, quobyte: { registry: 'r:7861', volume: 'v' },
  azureDisk: { diskName: 'd', diskURI: 'https://example.blob.core.windows.net/v/d.vhd' }, portworxVolume: { volumeID: 'v' }, scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } },
  storageos: { volumeName: 'v' }, photonPersistentDisk: { pdID: 'p' }, hostPath: { path: '/etc' },
};

const EDGE_CASES: PssCase[] = [
  // "latest" is v1.35 (the reference registry's newest check version as of Kubernetes 1.36)
  { name: 'latest and v1.35 agree (user-namespaced root pod)', mutate: userNsRoot, baseline: 'pass', restricted: 'pass', version: 'v1.35' },
  { name: 'a version newer than the reference is clamped to latest', mutate: userNsRoot, baseline: 'pass', restricted: 'pass', version: 'v1.99' },

  // Capabilities: NET_BIND_SERVICE with and without drop ALL, empty and lower-case entries
  { name: 'add NET_BIND_SERVICE without drop ALL', mutate: (p) => { c0(p).capabilities = { add: ['NET_BIND_SERVICE'] }; }, baseline: 'pass', restricted: 'fail', control: 'Capabilities', field: 'spec.containers[0].securityContext.capabilities.drop' },
  { name: 'add NET_BIND_SERVICE with drop ALL on the init container', mutate: (p) => { i0(p).capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'add NET_BIND_SERVICE and CHOWN with drop ALL', mutate: (p) => { c0(p).capabilities!.add = ['NET_BIND_SERVICE', 'CHOWN']; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.capabilities.add[1]' },
  { name: 'add an empty capability name', mutate: (p) => { c0(p).capabilities!.add = ['']; }, baseline: 'fail', restricted: 'fail', control: 'Capabilities', field: 'spec.containers[0].securityContext.capabilities.add[0]' },
  { name: 'add every baseline default capability', mutate: (p) => { c0(p).capabilities!.add = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']; }, baseline: 'pass', restricted: 'fail' },
  { name: 'add lower-case chown (names are case-sensitive)', mutate: (p) => { c0(p).capabilities!.add = ['chown']; }, baseline: 'fail', restricted: 'fail' },
  { name: 'drop lower-case all', mutate: (p) => { c0(p).capabilities = { drop: ['all'] }; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.capabilities.drop' },
  { name: 'drop ALL among others', mutate: (p) => { c0(p).capabilities = { drop: ['NET_RAW', 'ALL'] }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'empty capabilities object', mutate: (p) => { c0(p).capabilities = {}; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.capabilities.drop' },
  { name: 'ephemeral container adding SYS_PTRACE', mutate: (p) => ephemeral(p, { securityContext: { ...sc(), capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } } }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.capabilities.add[0]' },
  { name: 'capabilities at v1.21 restricted are the baseline ones', mutate: (p) => { c0(p).capabilities = { add: ['SYS_ADMIN'] }; }, baseline: 'fail', restricted: 'fail', version: 'v1.21' },
  { name: 'v1.22 restricted requires drop ALL', mutate: (p) => { delete c0(p).capabilities; }, baseline: 'pass', restricted: 'fail', version: 'v1.22' },

  // Seccomp: Unconfined vs unconfined, empty and unset types, pod vs container, annotations before v1.19
  { name: 'seccomp pod type lower-case unconfined', mutate: (p) => { podSc(p).seccompProfile = { type: 'unconfined' }; }, baseline: 'fail', restricted: 'fail', control: 'Seccomp', field: 'spec.securityContext.seccompProfile.type' },
  { name: 'seccomp container profile with no type', mutate: (p) => { c0(p).seccompProfile = {}; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].securityContext.seccompProfile.type' },
  { name: 'seccomp pod type empty string', mutate: (p) => { podSc(p).seccompProfile = { type: '' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.seccompProfile.type' },
  { name: 'seccomp pod Unconfined though every container is RuntimeDefault', mutate: (p) => { podSc(p).seccompProfile = { type: 'Unconfined' }; c0(p).seccompProfile = { type: 'RuntimeDefault' }; i0(p).seccompProfile = { type: 'RuntimeDefault' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.seccompProfile.type' },
  { name: 'seccomp container Localhost overrides pod RuntimeDefault', mutate: (p) => { c0(p).seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'seccomp ephemeral container Unconfined', mutate: (p) => ephemeral(p, { securityContext: { ...sc(), seccompProfile: { type: 'Unconfined' } } }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.seccompProfile.type' },
  { name: 'seccomp annotations are ignored from v1.19', mutate: (p) => ann(p, SECCOMP_POD, 'unconfined'), baseline: 'pass', restricted: 'pass' },
  { name: 'seccomp pod annotation unconfined (v1.18)', mutate: (p) => ann(p, SECCOMP_POD, 'unconfined'), baseline: 'fail', restricted: 'fail', version: 'v1.18', control: 'Seccomp', field: `metadata.annotations["${SECCOMP_POD}"]` },
  { name: 'seccomp pod annotation empty (v1.18)', mutate: (p) => ann(p, SECCOMP_POD, ''), baseline: 'fail', restricted: 'fail', version: 'v1.18' },
  { name: 'seccomp annotations runtime/default, docker/default, localhost/ (v1.18)', mutate: (p) => { ann(p, SECCOMP_POD, 'runtime/default'); ann(p, SECCOMP_C + 'app', 'docker/default'); ann(p, SECCOMP_C + 'init', 'localhost/p.json'); }, baseline: 'pass', restricted: 'pass', version: 'v1.18' },
  { name: 'seccomp container annotation unconfined (v1.18)', mutate: (p) => ann(p, SECCOMP_C + 'init', 'unconfined'), baseline: 'fail', restricted: 'fail', version: 'v1.18', field: `metadata.annotations["${SECCOMP_C}init"]` },
  { name: 'seccomp annotation for a container the pod does not have (v1.18)', mutate: (p) => ann(p, SECCOMP_C + 'ghost', 'unconfined'), baseline: 'pass', restricted: 'pass', version: 'v1.18' },
  { name: 'seccomp field Unconfined is not judged before v1.19', mutate: (p) => { podSc(p).seccompProfile = { type: 'Unconfined' }; }, baseline: 'pass', restricted: 'pass', version: 'v1.18' },
  { name: 'seccomp unset passes restricted before v1.19', mutate: (p) => { delete podSc(p).seccompProfile; }, baseline: 'pass', restricted: 'pass', version: 'v1.18' },

  // AppArmor: field types, annotations, localhost/ profiles
  { name: 'apparmor container profile with no type', mutate: (p) => { c0(p).appArmorProfile = {}; }, baseline: 'fail', restricted: 'fail', control: 'AppArmor', field: 'spec.containers[0].securityContext.appArmorProfile.type' },
  { name: 'apparmor pod RuntimeDefault, init container Localhost', mutate: (p) => { podSc(p).appArmorProfile = { type: 'RuntimeDefault' }; i0(p).appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-apparmor-example' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'apparmor ephemeral container Unconfined', mutate: (p) => ephemeral(p, { securityContext: { ...sc(), appArmorProfile: { type: 'Unconfined' } } }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.appArmorProfile.type' },
  { name: 'apparmor annotation empty', mutate: (p) => ann(p, AA + 'app', ''), baseline: 'pass', restricted: 'pass' },
  { name: 'apparmor annotation bare localhost/', mutate: (p) => ann(p, AA + 'init', 'localhost/'), baseline: 'pass', restricted: 'pass' },
  { name: 'apparmor annotation Localhost/ (wrong case)', mutate: (p) => ann(p, AA + 'app', 'Localhost/k8s-nginx'), baseline: 'fail', restricted: 'fail', control: 'AppArmor' },
  { name: 'apparmor annotation RuntimeDefault (field spelling)', mutate: (p) => ann(p, AA + 'app', 'RuntimeDefault'), baseline: 'fail', restricted: 'fail' },
  { name: 'apparmor annotation unconfined for a container the pod does not have', mutate: (p) => ann(p, AA + 'ghost', 'unconfined'), baseline: 'fail', restricted: 'fail', field: `metadata.annotations["${AA}ghost"]` },
  { name: 'apparmor-like annotation outside the prefix', mutate: (p) => ann(p, 'apparmor.security.beta.kubernetes.io/app', 'unconfined'), baseline: 'pass', restricted: 'pass' },

  // SELinux: types, user/role set or empty, pod vs container
  { name: 'selinux empty type, user and role', mutate: (p) => { podSc(p).seLinuxOptions = { type: '', user: '', role: '', level: 's0:c1,c2' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'selinux init container container_kvm_t', mutate: (p) => { i0(p).seLinuxOptions = { type: 'container_kvm_t' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'selinux container_init_t on the pod', mutate: (p) => { podSc(p).seLinuxOptions = { type: 'container_init_t' }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'selinux type in the wrong case', mutate: (p) => { c0(p).seLinuxOptions = { type: 'Container_t' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].securityContext.seLinuxOptions.type' },
  { name: 'selinux container_engine_t at v1.31', mutate: (p) => { podSc(p).seLinuxOptions = { type: 'container_engine_t' }; }, baseline: 'pass', restricted: 'pass', version: 'v1.31' },
  { name: 'selinux pod role with an allowed type', mutate: (p) => { podSc(p).seLinuxOptions = { type: 'container_t', role: 'object_r' }; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.seLinuxOptions.role' },
  { name: 'selinux ephemeral container user', mutate: (p) => ephemeral(p, { securityContext: { ...sc(), seLinuxOptions: { user: 'unconfined_u' } } }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions.user' },

  // /proc Mount Type, with the v1.35 user-namespace relaxation (baseline only)
  { name: 'procMount empty string', mutate: (p) => { c0(p).procMount = ''; }, baseline: 'fail', restricted: 'fail', control: '/proc Mount Type' },
  { name: 'procMount Unmasked in a user namespace', mutate: (p) => { p.spec.hostUsers = false; c0(p).procMount = 'Unmasked'; i0(p).procMount = 'Unmasked'; }, baseline: 'pass', restricted: 'fail', control: '/proc Mount Type', field: 'spec.initContainers[0].securityContext.procMount' },
  { name: 'procMount Unmasked in a user namespace (v1.34)', mutate: (p) => { p.spec.hostUsers = false; c0(p).procMount = 'Unmasked'; }, baseline: 'fail', restricted: 'fail', version: 'v1.34', field: 'spec.containers[0].securityContext.procMount' },
  { name: 'procMount Unmasked with hostUsers true', mutate: (p) => { p.spec.hostUsers = true; i0(p).procMount = 'Unmasked'; }, baseline: 'fail', restricted: 'fail' },
  { name: 'procMount Unmasked on an ephemeral container in a user namespace', mutate: (p) => { p.spec.hostUsers = false; ephemeral(p, { securityContext: { ...sc(), procMount: 'Unmasked' } }); }, baseline: 'pass', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.procMount' },
  { name: 'procMount Default in a user namespace', mutate: (p) => { p.spec.hostUsers = false; c0(p).procMount = 'Default'; }, baseline: 'pass', restricted: 'pass' },

  // Running as non-root / non-root user: 0 vs unset, pod vs container, user namespaces from v1.35
  { name: 'runAsNonRoot pod false though every container sets true', mutate: (p) => { podSc(p).runAsNonRoot = false; c0(p).runAsNonRoot = true; i0(p).runAsNonRoot = true; }, baseline: 'pass', restricted: 'fail', field: 'spec.securityContext.runAsNonRoot' },
  { name: 'runAsNonRoot on the pod covers an ephemeral container', mutate: (p) => ephemeral(p), baseline: 'pass', restricted: 'pass' },
  { name: 'runAsUser 0 on the pod though containers set 1000', mutate: (p) => { podSc(p).runAsUser = 0; c0(p).runAsUser = 1000; i0(p).runAsUser = 1000; }, baseline: 'pass', restricted: 'fail', field: 'spec.securityContext.runAsUser' },
  { name: 'runAsUser unset everywhere', mutate: (p) => { delete podSc(p).runAsUser; }, baseline: 'pass', restricted: 'pass' },
  { name: 'runAsUser 0 on the init container', mutate: (p) => { i0(p).runAsUser = 0; }, baseline: 'pass', restricted: 'fail', field: 'spec.initContainers[0].securityContext.runAsUser' },
  { name: 'runAsUser 0 on an ephemeral container', mutate: (p) => ephemeral(p, { securityContext: { ...sc(), runAsUser: 0 } }), baseline: 'pass', restricted: 'fail', field: 'spec.ephemeralContainers[0].securityContext.runAsUser' },
  { name: 'root in a user namespace', mutate: (p) => { userNsRoot(p); c0(p).runAsNonRoot = false; c0(p).runAsUser = 0; }, baseline: 'pass', restricted: 'pass' },
  { name: 'root in a user namespace (v1.34)', mutate: userNsRoot, baseline: 'pass', restricted: 'fail', version: 'v1.34', control: 'Running as Non-root user' },
  { name: 'root with hostUsers true', mutate: (p) => { userNsRoot(p); p.spec.hostUsers = true; }, baseline: 'pass', restricted: 'fail', field: 'spec.securityContext.runAsUser' },
  { name: 'a user namespace relaxes nothing else', mutate: (p) => { userNsRoot(p); delete c0(p).capabilities; c0(p).allowPrivilegeEscalation = true; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.capabilities.drop' },

  // Host Probes / Lifecycle Hooks (v1.34+)
  { name: 'liveness probe with a host', mutate: (p) => { p.spec.containers![0].livenessProbe = probe('169.254.169.254'); }, baseline: 'fail', restricted: 'fail', control: 'Host Probes / Lifecycle Hooks', field: 'spec.containers[0].livenessProbe.httpGet.host' },
  { name: 'readiness tcpSocket probe with a host', mutate: (p) => { p.spec.containers![0].readinessProbe = { tcpSocket: { port: 5432, host: 'db.internal' } }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].readinessProbe.tcpSocket.host' },
  { name: 'startup probe on the init container with a host', mutate: (p) => { p.spec.initContainers![0].startupProbe = probe('localhost'); }, baseline: 'fail', restricted: 'fail', field: 'spec.initContainers[0].startupProbe.httpGet.host' },
  { name: 'postStart httpGet hook with a host', mutate: (p) => { p.spec.containers![0].lifecycle = { postStart: probe('10.0.0.1') }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].lifecycle.postStart.httpGet.host' },
  { name: 'preStop tcpSocket hook with a host', mutate: (p) => { p.spec.containers![0].lifecycle = { preStop: { tcpSocket: { port: 80, host: 'example.com' } } }; }, baseline: 'fail', restricted: 'fail', field: 'spec.containers[0].lifecycle.preStop.tcpSocket.host' },
  { name: 'ephemeral container hook with a host', mutate: (p) => ephemeral(p, { lifecycle: { preStop: probe('example.com') } }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].lifecycle.preStop.httpGet.host' },
  { name: 'probes and hooks with an empty or no host', mutate: (p) => { const c = p.spec.containers![0]; c.livenessProbe = probe(''); c.readinessProbe = { tcpSocket: { port: 8080 } }; c.startupProbe = { exec: { command: ['true'] } }; c.lifecycle = { postStart: probe(), preStop: { sleep: { seconds: 5 } } }; }, baseline: 'pass', restricted: 'pass' },
  { name: 'probe host not judged before v1.34', mutate: (p) => { p.spec.containers![0].livenessProbe = probe('169.254.169.254'); }, baseline: 'pass', restricted: 'pass', version: 'v1.33' },

  // Host Ports and HostProcess across container kinds
  { name: 'hostPort on the init container', mutate: (p) => { p.spec.initContainers![0].ports = [{ containerPort: 53, hostPort: 53 }]; }, baseline: 'fail', restricted: 'fail', field: 'spec.initContainers[0].ports[0].hostPort' },
  { name: 'hostPort on an ephemeral container', mutate: (p) => ephemeral(p, { ports: [{ containerPort: 9000, hostPort: 9000 }] }), baseline: 'fail', restricted: 'fail', field: 'spec.ephemeralContainers[0].ports[0].hostPort' },
  { name: 'hostPort 0 and unset on several ports', mutate: (p) => { p.spec.containers![0].ports = [{ containerPort: 80 }, { containerPort: 443, hostPort: 0 }]; }, baseline: 'pass', restricted: 'pass' },
  { name: 'hostProcess on the init container', mutate: (p) => { i0(p).windowsOptions = { hostProcess: true }; }, baseline: 'fail', restricted: 'fail', field: 'spec.initContainers[0].securityContext.windowsOptions.hostProcess' },
  { name: 'hostProcess false on the pod', mutate: (p) => { podSc(p).windowsOptions = { hostProcess: false }; }, baseline: 'pass', restricted: 'pass' },

  // Sysctls: the safe set per version
  { name: 'sysctl with an empty name', mutate: (p) => { podSc(p).sysctls = [{ name: '', value: '1' }]; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.sysctls[0].name' },
  { name: 'ip_local_reserved_ports (v1.26)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '30000' }]; }, baseline: 'fail', restricted: 'fail', version: 'v1.26' },
  { name: 'ip_local_reserved_ports (v1.27)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '30000' }]; }, baseline: 'pass', restricted: 'pass', version: 'v1.27' },
  { name: 'tcp_keepalive_time (v1.28)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '600' }]; }, baseline: 'fail', restricted: 'fail', version: 'v1.28' },
  { name: 'tcp keepalive and fin_timeout (v1.29)', mutate: (p) => { podSc(p).sysctls = ['tcp_keepalive_time', 'tcp_fin_timeout', 'tcp_keepalive_intvl', 'tcp_keepalive_probes'].map((n) => ({ name: `net.ipv4.${n}`, value: '30' })); }, baseline: 'pass', restricted: 'pass', version: 'v1.29' },
  { name: 'tcp_wmem (v1.32)', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' }]; }, baseline: 'pass', restricted: 'pass', version: 'v1.32' },
  { name: 'tcp_slow_start_after_idle is not safe at latest', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }]; }, baseline: 'fail', restricted: 'fail' },
  { name: 'one unsafe sysctl among safe ones', mutate: (p) => { podSc(p).sysctls = [{ name: 'net.ipv4.ping_group_range', value: '0 0' }, { name: 'net.ipv4.ip_forward', value: '1' }]; }, baseline: 'fail', restricted: 'fail', field: 'spec.securityContext.sysctls[1].name' },

  // Volume Types: every forbidden source, the allowed ones, image volumes, and a volume with no source
  ...Object.entries(RESTRICTED_VOLUME_SOURCES).map(([k, v]): PssCase => ({
    name: `${k} volume`,
    mutate: (p) => { p.spec.volumes = [{ name: 'ok', emptyDir: {} }, { name: 'v', [k]: v }]; },
    baseline: k === 'hostPath' ? 'fail' : 'pass',
    restricted: 'fail',
    field: `spec.volumes[1].${k}`,
  })),
  { name: 'image volume', mutate: (p) => { p.spec.volumes = [{ name: 'models', image: { reference: 'registry.example/models:1', pullPolicy: 'IfNotPresent' } }]; }, baseline: 'pass', restricted: 'pass' },
  { name: 'volume with no source (defaulted to emptyDir)', mutate: (p) => { p.spec.volumes = [{ name: 'scratch' }]; }, baseline: 'pass', restricted: 'pass' },

  // Privilege Escalation
  { name: 'allowPrivilegeEscalation unset at v1.7 (no check yet)', mutate: (p) => { delete c0(p).allowPrivilegeEscalation; delete podSc(p).seccompProfile; }, baseline: 'pass', restricted: 'pass', version: 'v1.7' },
  { name: 'allowPrivilegeEscalation unset at v1.8', mutate: (p) => { delete c0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'fail', version: 'v1.8' },

  // Windows pods (spec.os.name: windows) from v1.25: exempt from privilege escalation, seccomp and capabilities only
  { name: 'windows pod adding SYS_ADMIN', mutate: (p) => { p.spec.os = { name: 'windows' }; c0(p).capabilities = { add: ['SYS_ADMIN'] }; }, baseline: 'fail', restricted: 'pass', control: 'Capabilities' },
  { name: 'windows pod with seccomp Unconfined', mutate: (p) => { p.spec.os = { name: 'windows' }; podSc(p).seccompProfile = { type: 'Unconfined' }; }, baseline: 'fail', restricted: 'pass', control: 'Seccomp' },
  { name: 'windows pod still must not run as runAsUser 0', mutate: (p) => { p.spec.os = { name: 'windows' }; c0(p).runAsUser = 0; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.runAsUser' },
  { name: 'windows pod hostProcess', mutate: (p) => { p.spec.os = { name: 'windows' }; podSc(p).windowsOptions = { hostProcess: true }; }, baseline: 'fail', restricted: 'fail', control: 'HostProcess' },
  { name: 'windows pod with restricted volume types', mutate: (p) => { p.spec.os = { name: 'windows' }; p.spec.volumes = [{ name: 'a', azureFile: { secretName: 's', shareName: 'x' } }]; }, baseline: 'pass', restricted: 'fail', control: 'Volume Types' },
  { name: 'os.name Windows (not the API value) is not exempt', mutate: (p) => { p.spec.os = { name: 'Windows' }; delete c0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'fail', field: 'spec.containers[0].securityContext.allowPrivilegeEscalation' },
  { name: 'linux pod is not exempt', mutate: (p) => { p.spec.os = { name: 'linux' }; delete c0(p).capabilities; }, baseline: 'pass', restricted: 'fail' },
  { name: 'windows pod exempt at v1.25', mutate: (p) => { p.spec.os = { name: 'windows' }; delete podSc(p).seccompProfile; delete c0(p).capabilities; delete i0(p).allowPrivilegeEscalation; }, baseline: 'pass', restricted: 'pass', version: 'v1.25' },
];

export const PSS_CASES: PssCase[] = [...DOCUMENTED_CASES, ...EDGE_CASES];
