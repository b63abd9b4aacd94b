// Public API of the image layer: opening images, walking layers, merging them into the final filesystem.
export { openImage } from './open.js';
export { analyzeLayer } from './layer/walk.js';
export type { LayerRef, WalkOptions } from './layer/walk.js';
export { analyzeDirectory } from './layer/directory.js';
export type { DirectoryOptions } from './layer/directory.js';
export { mergeLayers } from './layer/merge.js';
export type { MergedFilesystem } from './layer/merge.js';
export { decompressLayer, sniffCompression } from './layer/decompress.js';
export { normalizeEntryPath } from './layer/paths.js';
export { RootfsSource, isRootfsSource } from './sources/rootfs.js';
export { openDockerArchive } from './sources/docker-archive.js';
export { openOciArchive } from './sources/oci-archive.js';
export { openOciLayout } from './sources/oci-layout.js';
export type {
  Compression,
  ImageConfig,
  ImageMetadata,
  ImageSource,
  LayerInfo,
  OpenImageOptions,
} from './types.js';
export type { FileInput, FileKind, FileMeta, FileResolver, LayerAnalysis } from './layer/types.js';
// Registry exports: the registry engineer adds their line below this comment.
export { openRegistryImage, parseReference, listTags, resolveDigest, parsePlatform, type ImageReference, type RegistryOptions } from './registry/index.js';
