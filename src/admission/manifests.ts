// `drydock admission manifests`: everything to run the webhook in a cluster, as plain Kubernetes objects.
import { stringify } from 'yaml';
import { DrydockError } from '../errors.js';
import { VERSION } from '../version.js';
import type { AdmissionPolicy } from './policy.js';
import { generateWebhookCertificates, serviceDnsNames, type WebhookCertificates } from './certs.js';
import { RESOURCE_RULES } from './vap.js';

type Obj = Record<string, any>;

export interface ManifestOptions {
  policy: AdmissionPolicy;
  /** the policy file's text, shipped in a ConfigMap */
  policyText: string;
  namespace?: string;
  name?: string;
  image?: string;
  replicas?: number;
  /** generate a CA + serving certificate now, or let cert-manager issue and inject them */
  certificates?: 'generate' | 'cert-manager';
  /** pre-generated certificates (tests, or re-using an existing CA) */
  certs?: WebhookCertificates;
  timeoutSeconds?: number;
  failurePolicy?: 'Fail' | 'Ignore';
  /** Secret of type kubernetes.io/dockerconfigjson with the pull credentials the scanner uses */
  pullSecret?: string;
}

const PORT = 8443;

export async function buildManifests(o: ManifestOptions): Promise<Obj[]> {
  const ns = o.namespace ?? 'drydock-system';
  const name = o.name ?? 'drydock-admission';
  const timeoutSeconds = o.timeoutSeconds ?? 10;
  const gate = o.policy.vulnerabilities;
  if (gate && gate.deadline >= timeoutSeconds * 1000 - 500)
    throw new DrydockError('USAGE', `vulnerabilities.deadline (${gate.deadline} ms) must end before the webhook timeout (${timeoutSeconds} s)`, {
      hint: 'lower the deadline or raise --timeout-seconds (max 30)',
    });
  const labels = { 'app.kubernetes.io/name': 'drydock-admission', 'app.kubernetes.io/instance': name };
  const meta = (n: string, extra: Obj = {}) => ({ name: n, namespace: ns, labels, ...extra });
  const tlsSecret = `${name}-tls`;
  const useCertManager = o.certificates === 'cert-manager';
  const certs = useCertManager ? undefined : (o.certs ?? (await generateWebhookCertificates({ dnsNames: serviceDnsNames(name, ns) })));

  const out: Obj[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } },
    },
    {
      // The webhook calls no Kubernetes API (policy, certificates and pull credentials are mounted files),
      // so least privilege is no role at all and no token in the pod.
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(name, { annotations: { 'drydock.io/rbac': 'none: the webhook makes no Kubernetes API calls' } }),
      automountServiceAccountToken: false,
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${name}-policy`), data: { 'policy.yaml': o.policyText } },
  ];
  if (certs) {
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: meta(tlsSecret),
      data: { 'tls.crt': b64(certs.cert), 'tls.key': b64(certs.key), 'ca.crt': b64(certs.caCert) },
    });
  } else {
    // cert-manager: self-signed bootstrap issuer → CA certificate → CA issuer → serving certificate, CA injected into the webhook
    const ca = `${name}-ca`;
    out.push(
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${name}-selfsigned`), spec: { selfSigned: {} } },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(ca),
        spec: { isCA: true, commonName: ca, secretName: ca, privateKey: { algorithm: 'ECDSA', size: 256 }, issuerRef: { name: `${name}-selfsigned`, kind: 'Issuer' } },
      },
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${name}-ca`), spec: { ca: { secretName: ca } } },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(tlsSecret),
        spec: { secretName: tlsSecret, dnsNames: serviceDnsNames(name, ns), privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' }, issuerRef: { name: `${name}-ca`, kind: 'Issuer' } },
      },
    );
  }
  out.push(deployment(o, ns, name, labels, tlsSecret), {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(name),
    spec: { minAvailable: 1, selector: { matchLabels: labels } },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
  });
  out.push({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name, labels, ...(useCertManager ? { annotations: { 'cert-manager.io/inject-ca-from': `${ns}/${tlsSecret}` } } : {}) },
    webhooks: [
      {
        name: 'validate.drydock.io',
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        timeoutSeconds,
        failurePolicy: o.failurePolicy ?? 'Fail',
        matchPolicy: 'Equivalent',
        clientConfig: { service: { name, namespace: ns, path: '/validate', port: 443 }, ...(certs ? { caBundle: b64(certs.caCert) } : {}) },
        rules: RESOURCE_RULES,
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...new Set([ns, 'kube-system'])] }] },
      },
    ],
  });
  return out;
}

function deployment(o: ManifestOptions, ns: string, name: string, labels: Record<string, string>, tlsSecret: string): Obj {
  const gate = o.policy.vulnerabilities;
  const args = ['admission', 'serve', '--config', '/etc/drydock/policy/policy.yaml', '--cert', '/etc/drydock/tls/tls.crt', '--key', '/etc/drydock/tls/tls.key', '--listen', `0.0.0.0:${PORT}`];
  if (gate) args.push('--db', '/var/lib/drydock/vuln.db');
  if (gate && o.pullSecret) args.push('--docker-config', '/etc/drydock/pull');
  const securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
  const mounts = [
    { name: 'policy', mountPath: '/etc/drydock/policy', readOnly: true },
    { name: 'tls', mountPath: '/etc/drydock/tls', readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
    ...(gate ? [{ name: 'vulndb', mountPath: '/var/lib/drydock' }] : []),
    ...(gate && o.pullSecret ? [{ name: 'pull', mountPath: '/etc/drydock/pull', readOnly: true }] : []),
  ];
  const image = o.image ?? `ghcr.io/drydock/drydock:${VERSION}`;
  const probe = (path: string) => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } } }],
            },
          },
          ...(gate
            ? {
                // the vulnerability database is fetched before the webhook starts, into a writable emptyDir
                initContainers: [
                  {
                    name: 'vulndb',
                    image,
                    args: ['db', 'update', '--db', '/var/lib/drydock/vuln.db'],
                    securityContext,
                    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                    volumeMounts: [{ name: 'vulndb', mountPath: '/var/lib/drydock' }, { name: 'tmp', mountPath: '/tmp' }],
                  },
                ],
              }
            : {}),
          containers: [
            {
              name: 'webhook',
              image,
              args,
              ports: [{ name: 'https', containerPort: PORT, protocol: 'TCP' }],
              readinessProbe: probe('/readyz'),
              livenessProbe: { ...probe('/healthz'), initialDelaySeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: gate ? '1Gi' : '256Mi' } },
              securityContext,
              volumeMounts: mounts,
            },
          ],
          volumes: [
            { name: 'policy', configMap: { name: `${name}-policy` } },
            { name: 'tls', secret: { secretName: tlsSecret } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            ...(gate ? [{ name: 'vulndb', emptyDir: { sizeLimit: '2Gi' } }] : []),
            ...(gate && o.pullSecret ? [{ name: 'pull', secret: { secretName: o.pullSecret, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } }] : []),
          ],
        },
      },
    },
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function manifestsToYaml(objects: Obj[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
