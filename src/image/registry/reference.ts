// Image references as Docker understands them: [host[:port]/]path[:tag][@digest], with Docker Hub defaults.
import { DrydockError } from '../../errors.js';

export const DOCKER_HUB = 'docker.io';
/** where Docker Hub's distribution API actually lives */
export const DOCKER_HUB_API = 'registry-1.docker.io';
/** the key `docker login` writes for Docker Hub in config.json and hands to credential helpers */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export interface ImageReference {
  /** normalised registry host[:port], `docker.io` for Docker Hub */
  registry: string;
  /** host the distribution API is called on (`registry-1.docker.io` for Docker Hub) */
  apiHost: string;
  /** path inside the registry, e.g. `library/alpine` */
  repository: string;
  tag?: string;
  digest?: string;
  /** short form as `docker` prints it: `alpine:3.20`, `ghcr.io/o/app@sha256:…` */
  familiar: string;
  /** fully qualified: `docker.io/library/alpine:3.20` */
  toString(): string;
}

// From distribution/reference: lowercase path components joined by separators.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function bad(ref: string, why: string): DrydockError {
  return new DrydockError('USAGE', `invalid image reference "${ref.slice(0, 200)}": ${why}`, {
    hint: 'use NAME[:TAG][@sha256:DIGEST], e.g. alpine:3.20 or registry.example:5000/team/app@sha256:…',
  });
}

export function parseReference(input: string): ImageReference {
  const ref = input.trim().replace(/^docker:\/\//, '');
  if (!ref) throw bad(input, 'empty');
  if (ref.length > 512) throw bad(input, 'too long');
  if (/[\s\0]/.test(ref)) throw bad(input, 'contains whitespace or control characters');

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(input, 'digest must be sha256:<64 hex> or sha512:<128 hex>');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(input, `invalid tag "${tag.slice(0, 130)}"`);
  }
  if (!rest) throw bad(input, 'missing repository name');

  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  // Same rule as docker: the first component is a host when it has a dot, a port or is localhost.
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasHost ? first : DOCKER_HUB;
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (hasHost && !HOST.test(registry)) throw bad(input, `invalid registry host "${registry}"`);
  if (hasHost) {
    const port = /:(\d+)$/.exec(registry)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw bad(input, `invalid port ${port}`);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;

  if (repository.length > 255) throw bad(input, 'repository name longer than 255 characters');
  for (const c of repository.split('/')) {
    if (COMPONENT.test(c)) continue;
    if (COMPONENT.test(c.toLowerCase())) throw bad(input, 'repository name must be lowercase');
    throw bad(input, `invalid repository path component "${c.slice(0, 100)}"`);
  }
  if (!tag && !digest) tag = 'latest';
  return makeReference(registry, repository, tag, digest);
}

export function makeReference(registry: string, repository: string, tag?: string, digest?: string): ImageReference {
  const suffix = `${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  let familiarRepo = `${registry}/${repository}`;
  if (registry === DOCKER_HUB) familiarRepo = repository.startsWith('library/') ? repository.slice(8) : repository;
  const full = `${registry}/${repository}${suffix}`;
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry,
    repository,
    tag,
    digest,
    familiar: familiarRepo + suffix,
    toString: () => full,
  };
}

