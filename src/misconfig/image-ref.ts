// Image reference parts as Docker reads them, for tag/digest and trusted-registry rules.
export interface ImageRefParts {
  registry: string;
  /** repository path without registry, `library/` added for Docker Hub official images */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRefParts {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  let registry = 'docker.io';
  let repository = rest;
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(slash + 1);
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, tag, digest };
}

/**
 * An allow-list entry is a registry (`ghcr.io`), a registry path prefix (`ghcr.io/acme`, `docker.io/library`)
 * or Docker Hub shorthand (`docker.io`).
 */
export function isTrustedImage(ref: string, trusted: readonly string[]): boolean {
  const p = parseImageRef(ref);
  const full = `${p.registry}/${p.repository}`;
  return trusted.some((t) => {
    const entry = t.replace(/\/+$/, '');
    return full === entry || full.startsWith(entry + '/') || p.registry === entry;
  });
}
