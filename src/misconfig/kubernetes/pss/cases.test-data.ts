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

export const PSS_CASES: PssCase[] = [
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
