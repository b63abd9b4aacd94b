// Reference links shared by rule metadata.
export const REF = {
  cisDocker: 'https://www.cisecurity.org/benchmark/docker',
  dockerBestPractices: 'https://docs.docker.com/build/building/best-practices/',
  dockerfileRef: 'https://docs.docker.com/reference/dockerfile/',
  pss: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  nsaK8s: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  k8sSecurityContext: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  k8sRbacGoodPractices: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  k8sNetworkPolicy: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  k8sSecrets: 'https://kubernetes.io/docs/concepts/configuration/secret/',
  composeSpec: 'https://docs.docker.com/reference/compose-file/services/',
  owaspDocker: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html',
} as const;
