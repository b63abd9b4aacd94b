// Explicit cataloger registry: what runs on images and on source trees. No side-effect registration.
import type { Cataloger } from './types.js';
import type { PkgType } from './pkg-types.js';
import { osCatalogers } from './os.js';
import { imageAppCatalogers, dirAppCatalogers } from './apps.js';

export function imageCatalogers(): Cataloger[] {
  return [...osCatalogers, ...imageAppCatalogers];
}

/** `drydock fs DIR`: lockfiles and manifests as well as installed packages. */
export function directoryCatalogers(): Cataloger[] {
  return [...osCatalogers, ...dirAppCatalogers];
}

/**
 * The catalogers a scan limited to `types` runs. OS packages alone need only the OS catalogers. Language packages
 * need the OS catalogers too: their file lists tell which language packages the distro installed (ownership); the
 * inventory then leaves the OS packages out (InventoryOptions.pkgTypes).
 */
export function catalogersFor(target: 'image' | 'directory', types: readonly PkgType[]): Cataloger[] {
  if (!types.includes('library')) return [...osCatalogers];
  return target === 'image' ? imageCatalogers() : directoryCatalogers();
}
