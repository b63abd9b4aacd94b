// Public API of the registry client.
export { parseReference, makeReference, DOCKER_HUB, DOCKER_HUB_API, type ImageReference } from './reference.js';
export { openRegistryImage } from './registry-source.js';
export { listTags, resolveDigest } from './lookup.js';
export { parsePlatform, formatPlatform, type Platform } from './platform.js';
export type { RegistryOptions } from './client.js';
export { fetchArtifact, pushArtifact, type ArtifactManifest, type FetchedArtifact, type PushArtifactInput, type PushBlob } from './artifact.js';
