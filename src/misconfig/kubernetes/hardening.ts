// Hardening beyond the Pod Security Standards (NSA/CISA Kubernetes Hardening Guide): per-object rules.
import type { Rule, RuleHit } from '../rule.js';
import type { K8sDoc } from './context.js';
import { hitAt } from './context.js';
import { allContainers } from './pss/containers.js';
import { parseImageRef, isTrustedImage } from '../image-ref.js';
import { findSecretInText, secretNameLooksSensitive } from '../../secret/index.js';
import { REF } from '../references.js';

const T = 'kubernetes';
const runtimeContainers = (d: K8sDoc) => (d.t ? allContainers(d.t.spec).filter((x) => !x.path.includes('ephemeral')) : []);

export const readOnlyRoot: Rule<K8sDoc> = {
  id: 'DD-K8S-001',
  title: 'Root filesystem is writable',
  severity: 'MEDIUM',
  target: T,
  description: 'A writable root filesystem lets an attacker drop tools and modify binaries or configuration inside the container.',
  remediation: 'Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the application must write.',
  references: [REF.nsaK8s, REF.k8sSecurityContext],
  check: (d) =>
    runtimeContainers(d)
      .filter(({ c }) => c.securityContext?.readOnlyRootFilesystem !== true)
      .map(({ path, name }) => hitAt(d, `${path}.securityContext.readOnlyRootFilesystem`, `container "${name}" does not set readOnlyRootFilesystem=true`)),
};

export const resourceLimits: Rule<K8sDoc> = {
  id: 'DD-K8S-002',
  title: 'No CPU or memory limit',
  severity: 'LOW',
  target: T,
  description: 'Without limits one compromised or misbehaving container can starve the node (denial of service).',
  remediation: 'Set `resources.limits.memory` and `resources.limits.cpu` (and requests) for every container.',
  references: [REF.nsaK8s, 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  check(d) {
    const hits: RuleHit[] = [];
    for (const { c, path, name } of runtimeContainers(d)) {
      const limits = (c.resources as { limits?: Record<string, unknown> } | undefined)?.limits ?? {};
      const missing = ['cpu', 'memory'].filter((k) => limits[k] == null);
      if (missing.length) hits.push(hitAt(d, `${path}.resources.limits`, `container "${name}" has no ${missing.join(' or ')} limit`));
    }
    return hits;
  },
};

export const automountToken: Rule<K8sDoc> = {
  id: 'DD-K8S-003',
  title: 'Service account token mounted automatically',
  severity: 'LOW',
  target: T,
  description: 'Every pod gets an API token by default; code execution in the pod then means API access with the service account\'s rights.',
  remediation: 'Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount) unless it talks to the Kubernetes API.',
  references: [REF.nsaK8s, 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'],
  check(d) {
    if (!d.t) return [];
    const v = d.t.spec.automountServiceAccountToken;
    if (v === false) return [];
    const sa = String(d.t.spec.serviceAccountName ?? d.t.spec.serviceAccount ?? 'default');
    if (v == null && d.saNoAutomount.has(`${d.o.namespace ?? 'default'}/${sa}`)) return [];
    return [hitAt(d, 'spec.automountServiceAccountToken', `pod mounts the token of service account "${sa}"`)];
  },
};

function images(d: K8sDoc) {
  return d.t ? allContainers(d.t.spec).filter(({ c }) => typeof c.image === 'string' && c.image !== '') : [];
}

export const imageTag: Rule<K8sDoc> = {
  id: 'DD-K8S-004',
  title: "Image uses 'latest' or no tag",
  severity: 'MEDIUM',
  target: T,
  description: 'Untagged or `latest` images change between pulls; a node may run a different image than the one reviewed and scanned.',
  remediation: 'Use an explicit version tag, ideally with a digest: `image: registry/app:1.4.2@sha256:…`.',
  references: [REF.nsaK8s, 'https://kubernetes.io/docs/concepts/containers/images/'],
  check: (d) =>
    images(d).flatMap(({ c, path, name }) => {
      const p = parseImageRef(c.image!);
      if (p.digest || (p.tag && p.tag !== 'latest')) return [];
      return [hitAt(d, `${path}.image`, `container "${name}" image ${c.image} ${p.tag ? 'uses latest' : 'has no tag'}`)];
    }),
};

export const imageDigest: Rule<K8sDoc> = {
  id: 'DD-K8S-005',
  title: 'Image not pinned by digest',
  severity: 'LOW',
  target: T,
  description: 'Tags are mutable; only a digest guarantees which image runs.',
  remediation: 'Reference images by digest (`image: app:1.4.2@sha256:…`).',
  references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  check: (d) => images(d).filter(({ c }) => !parseImageRef(c.image!).digest).map(({ c, path, name }) => hitAt(d, `${path}.image`, `container "${name}" image ${c.image} is not pinned by digest`)),
};

export const imageRegistry: Rule<K8sDoc> = {
  id: 'DD-K8S-006',
  title: 'Image from a registry outside the trusted list',
  severity: 'MEDIUM',
  target: T,
  description: 'The image comes from a registry that is not on the allow-list given with `--trusted-registry`.',
  remediation: 'Use images from trusted registries only (mirror third-party images after review).',
  references: [REF.nsaK8s],
  check: (d) =>
    d.trustedRegistries.length === 0
      ? []
      : images(d).filter(({ c }) => !isTrustedImage(c.image!, d.trustedRegistries)).map(({ c, path, name }) => hitAt(d, `${path}.image`, `container "${name}" image ${c.image} is not from a trusted registry`)),
};

export const envSecret: Rule<K8sDoc> = {
  id: 'DD-K8S-007',
  title: 'Secret as a literal environment value',
  severity: 'HIGH',
  target: T,
  description: 'A credential written as `env[].value` sits in plain text in the manifest, in Git and in the API object for anyone who can read the workload.',
  remediation: 'Store it in a Secret and reference it with `valueFrom.secretKeyRef`.',
  references: [REF.k8sSecrets, REF.nsaK8s],
  check(d) {
    const hits: RuleHit[] = [];
    for (const { c, path, name } of d.t ? allContainers(d.t.spec) : []) {
      const env = Array.isArray(c.env) ? (c.env as { name?: string; value?: unknown }[]) : [];
      env.forEach((e, i) => {
        if (typeof e?.value !== 'string' || e.value === '') return;
        const token = findSecretInText(e.value);
        if (token || secretNameLooksSensitive(String(e.name ?? '')))
          hits.push(hitAt(d, `${path}.env[${i}].value`, `container "${name}" env ${e.name} holds ${token ? `a ${token}` : 'a secret-looking literal'}`));
      });
    }
    return hits;
  },
};

export const configMapSecret: Rule<K8sDoc> = {
  id: 'DD-K8S-008',
  title: 'Secret stored in a ConfigMap',
  severity: 'HIGH',
  target: T,
  description: 'ConfigMaps are not meant for confidential data: they are readable more widely and never encrypted at rest.',
  remediation: 'Move the value to a Secret and consume it with `secretKeyRef` or a secret volume.',
  references: [REF.k8sSecrets, REF.nsaK8s],
  check(d) {
    if (d.o.kind !== 'ConfigMap' || !d.o.obj.data || typeof d.o.obj.data !== 'object') return [];
    const hits: RuleHit[] = [];
    for (const [k, v] of Object.entries(d.o.obj.data as Record<string, unknown>)) {
      if (typeof v !== 'string' || v === '') continue;
      const token = findSecretInText(v) ?? (secretNameLooksSensitive(k) && !v.includes('\n') ? 'secret-looking value' : undefined);
      if (token) hits.push(hitAt(d, ['data', k], `ConfigMap key ${k} holds a ${token}`, false));
    }
    return hits;
  },
};

export const hardeningRules: Rule<K8sDoc>[] = [readOnlyRoot, resourceLimits, automountToken, imageTag, imageDigest, imageRegistry, envSecret, configMapSecret];
