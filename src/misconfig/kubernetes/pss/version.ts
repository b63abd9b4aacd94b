// PSS policy versions: "latest" or v1.N; controls and allowed values change with the version.
// "latest" is the reference registry's highest check version: v1.35 (procMount, runAsNonRoot, runAsUser) as of Kubernetes 1.36.
export const LATEST_PSS_MINOR = 35;

/** Minor version of a policy version string ("v1.29", "1.29", "latest"); undefined if malformed. */
export function pssMinor(version?: string): number | undefined {
  if (version === undefined || version === '' || version === 'latest') return LATEST_PSS_MINOR;
  const m = /^v?1\.(\d+)$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}
