// Test support (imported only by tests and the bench): fixture pods, AdmissionReview bodies, certificates on disk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { generateWebhookCertificates } from './certs.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

type Obj = Record<string, any>;

const hardenedContainer = (name: string, image: string): Obj => ({
  name,
  image,
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
  resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
});

/** A pod that meets PSS restricted and every hardening rule. */
export function restrictedPod(image = 'registry.example.com/team/app:1.4.2', name = 'ok'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'apps' },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [hardenedContainer('app', image)],
    },
  };
}

const clone = <T>(v: T): T => structuredClone(v);

function mutate(name: string, f: (p: Obj) => void): Obj {
  const p = restrictedPod();
  p.metadata.name = name;
  f(p);
  return p;
}

/** Pods the webhook and the generated VAP must judge alike (name → pod). */
export const PSS_FIXTURES: Record<string, Obj> = {
  restricted: restrictedPod(),
  root: mutate('root', (p) => {
    delete p.spec.securityContext.runAsNonRoot;
    p.spec.securityContext.runAsUser = 0;
    delete p.spec.containers[0].securityContext.runAsNonRoot;
  }),
  privileged: mutate('privileged', (p) => (p.spec.containers[0].securityContext.privileged = true)),
  hostNetwork: mutate('host-network', (p) => (p.spec.hostNetwork = true)),
  hostPid: mutate('host-pid', (p) => (p.spec.hostPID = true)),
  hostPath: mutate('host-path', (p) => (p.spec.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }])),
  hostPort: mutate('host-port', (p) => (p.spec.containers[0].ports = [{ containerPort: 8080, hostPort: 80 }])),
  capSysAdmin: mutate('cap-sys-admin', (p) => (p.spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN'])),
  noDropAll: mutate('no-drop-all', (p) => delete p.spec.containers[0].securityContext.capabilities),
  privEsc: mutate('priv-esc', (p) => (p.spec.containers[0].securityContext.allowPrivilegeEscalation = true)),
  seccompUnconfined: mutate('seccomp-unconfined', (p) => (p.spec.securityContext.seccompProfile = { type: 'Unconfined' })),
  noSeccomp: mutate('no-seccomp', (p) => delete p.spec.securityContext.seccompProfile),
  seccompOnContainer: mutate('seccomp-container', (p) => {
    delete p.spec.securityContext.seccompProfile;
    p.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
  }),
  rootInit: mutate('root-init', (p) => {
    delete p.spec.securityContext.runAsNonRoot;
    p.spec.initContainers = [{ ...clone(p.spec.containers[0]), name: 'init', securityContext: { ...p.spec.containers[0].securityContext, runAsNonRoot: false } }];
  }),
  ephemeralPrivileged: mutate('ephemeral', (p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }])),
  procMount: mutate('proc-mount', (p) => (p.spec.containers[0].securityContext.procMount = 'Unmasked')),
  sysctl: mutate('sysctl', (p) => (p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }])),
  volumeType: mutate('volume-type', (p) => (p.spec.volumes = [{ name: 'nfs', nfs: { server: 'x', path: '/' } }])),
  okVolumes: mutate('ok-volumes', (p) => (p.spec.volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }])),
  seLinux: mutate('selinux', (p) => (p.spec.securityContext.seLinuxOptions = { user: 'system_u' })),
  hostProcess: mutate('host-process', (p) => (p.spec.securityContext.windowsOptions = { hostProcess: true })),
  netBind: mutate('net-bind', (p) => (p.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'])),
  appArmorUnconfined: mutate('apparmor', (p) => (p.spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' })),
  appArmorAnnotation: mutate('apparmor-annotation', (p) => (p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' })),
  appArmorLocalhost: mutate('apparmor-localhost', (p) => (p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' })),
  writableRoot: mutate('writable-root', (p) => delete p.spec.containers[0].securityContext.readOnlyRootFilesystem),
  noLimits: mutate('no-limits', (p) => delete p.spec.containers[0].resources.limits.memory),
  automountToken: mutate('automount-token', (p) => delete p.spec.automountServiceAccountToken),
  windowsNoSeccomp: mutate('windows', (p) => {
    p.spec.os = { name: 'windows' };
    delete p.spec.securityContext.seccompProfile;
    delete p.spec.containers[0].securityContext.capabilities;
  }),
  untrusted: mutate('untrusted', (p) => (p.spec.containers[0].image = 'docker.io/library/nginx:1.27')),
  runAsUserZeroContainer: mutate('uid0-container', (p) => (p.spec.containers[0].securityContext.runAsUser = 0)),
};

/** A workload with the given pod spec as its template. */
export function deployment(podSpec: Obj, name = 'web', namespace = 'apps'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: clone(podSpec) } },
  };
}

export function cronJob(podSpec: Obj, name = 'nightly', namespace = 'apps'): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...clone(podSpec), restartPolicy: 'OnFailure' } } } } },
  };
}

const GROUP: Record<string, [string, string, string]> = {
  Pod: ['', 'v1', 'pods'],
  Deployment: ['apps', 'v1', 'deployments'],
  StatefulSet: ['apps', 'v1', 'statefulsets'],
  DaemonSet: ['apps', 'v1', 'daemonsets'],
  ReplicaSet: ['apps', 'v1', 'replicasets'],
  Job: ['batch', 'v1', 'jobs'],
  CronJob: ['batch', 'v1', 'cronjobs'],
  ReplicationController: ['', 'v1', 'replicationcontrollers'],
};

export function reviewFor(object: Obj, opts: { operation?: 'CREATE' | 'UPDATE'; oldObject?: Obj; uid?: string; username?: string } = {}): Obj {
  const [group, version, resource] = GROUP[object.kind] ?? ['', 'v1', object.kind.toLowerCase() + 's'];
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: opts.uid ?? randomUUID(),
      kind: { group, version, kind: object.kind },
      resource: { group, version, resource },
      name: object.metadata?.name,
      namespace: object.metadata?.namespace,
      operation: opts.operation ?? 'CREATE',
      userInfo: { username: opts.username ?? 'alice', groups: ['system:authenticated'] },
      object,
      oldObject: opts.oldObject ?? null,
      dryRun: false,
    },
  };
}

/** CA + serving cert for 127.0.0.1/localhost written as PEM files in a temp dir. */
export async function tempServingCerts(dnsNames = ['localhost']): Promise<{ dir: string; certFile: string; keyFile: string; caFile: string; ca: string }> {
  const dir = makeTempDir('drydock-admission-'); // removed when the test process exits
  const c = await generateWebhookCertificates({ dnsNames, ipAddresses: ['127.0.0.1'] });
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  const caFile = join(dir, 'ca.crt');
  writeFileSync(certFile, c.cert);
  writeFileSync(keyFile, c.key);
  writeFileSync(caFile, c.caCert);
  return { dir, certFile, keyFile, caFile, ca: c.caCert };
}
