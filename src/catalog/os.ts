// The OS package catalogers in the order the scan runs them, plus the distro helpers the pipeline calls.
import type { Cataloger } from './types.js';
import { distroCataloger } from './distro/cataloger.js';
import { dpkgCataloger } from './dpkg/cataloger.js';
import { apkCataloger } from './apk/cataloger.js';
import { rpmCataloger } from './rpm/cataloger.js';

export const osCatalogers: Cataloger[] = [distroCataloger, dpkgCataloger, apkCataloger, rpmCataloger];

export { detectDistro } from './distro/detect.js';
export { finalizeOsPackages } from './distro/os-package.js';
export { distroCataloger, dpkgCataloger, apkCataloger, rpmCataloger };
