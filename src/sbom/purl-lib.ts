// packageurl-js, loaded when first needed: it takes ~25 ms to load (15 modules), and the fast paths (fastPurl for
// language packages, fastOsPurl for OS packages) build nearly every purl of a scan without it. Required, not
// imported: it is CommonJS, and an ESM import would load it with the module that names it.
import { createRequire } from 'node:module';

type PackageUrlModule = typeof import('packageurl-js');
const requireHere = createRequire(import.meta.url);
let loaded: PackageUrlModule | undefined;

export function packageUrlLib(): PackageUrlModule {
  return (loaded ??= requireHere('packageurl-js') as PackageUrlModule);
}
