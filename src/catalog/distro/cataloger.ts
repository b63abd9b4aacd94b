// Keeps the release files during the walk so detectDistro can read them after the merge; finds no packages.
import type { Cataloger } from '../types.js';
import { DISTRO_FILES } from './detect.js';

const wanted = new Set(DISTRO_FILES);

export const distroCataloger: Cataloger = {
  name: 'distro',
  wants: (meta) => wanted.has(meta.path),
  select: { names: DISTRO_FILES.map((p) => p.slice(p.lastIndexOf('/') + 1)) },
  maxFileSize: 64 * 1024,
  catalog: () => ({ packages: [] }),
};
