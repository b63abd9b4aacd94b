// Explicit cataloger registry: what runs on images and on source trees. No side-effect registration.
import type { Cataloger } from './types.js';
import { osCatalogers } from './os.js';
import { imageAppCatalogers, dirAppCatalogers } from './apps.js';

export function imageCatalogers(): Cataloger[] {
  return [...osCatalogers, ...imageAppCatalogers];
}

/** `drydock fs DIR`: lockfiles and manifests as well as installed packages. */
export function directoryCatalogers(): Cataloger[] {
  return [...osCatalogers, ...dirAppCatalogers];
}
