// packageurl-js, loaded when first needed: it takes ~25 ms to load (15 modules), and the fast paths (fastPurl for
// language packages, fastOsPurl for OS packages) build nearly every purl of a scan without it.
import { lazyRequire } from '../lazy-require.js';

export const packageUrlLib = lazyRequire<typeof import('packageurl-js')>('packageurl-js');
