// ImageScanner backed by the project's registry client and matcher: pulls the image by digest, matches its packages.
import { openRegistryImage, parseReference, resolveDigest, type RegistryOptions } from '../image/registry/index.js';
import { scanSource } from '../scan/scan-image.js';
import type { VulnStore } from '../vulndb/types.js';
import type { Finding } from '../match/types.js';
import type { ImageScanner } from './vuln-gate.js';

export interface RegistryScannerOptions {
  store: VulnStore;
  /** directory with config.json holding the webhook's image pull credentials */
  dockerConfigDir?: string;
  /** registries reached over plain HTTP / self-signed TLS */
  insecureRegistries?: readonly string[];
  caFile?: string;
  platform?: string;
}

export function registryScanner(o: RegistryScannerOptions): ImageScanner {
  const optsFor = (image: string): RegistryOptions => {
    const registry = parseReference(image).registry;
    return {
      dockerConfigDir: o.dockerConfigDir,
      caFile: o.caFile,
      platform: o.platform,
      insecure: o.insecureRegistries?.includes(registry) || undefined,
    };
  };
  return {
    resolve: (image) => resolveDigest(image, optsFor(image)),
    async scan(image: string, digest: string): Promise<Finding[]> {
      const ref = parseReference(image);
      // scan exactly what the cache key names, even if the tag moved since
      const pinned = `${ref.registry}/${ref.repository}@${digest}`;
      const source = await openRegistryImage(pinned, optsFor(image));
      try {
        const report = await scanSource(source, pinned, { store: o.store, scanners: ['vuln'] });
        return report.findings;
      } finally {
        await source.close();
      }
    },
  };
}
