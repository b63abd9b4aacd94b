import { toCycloneDx } from '../../sbom/cyclonedx/cyclonedx.js';
import type { Reporter } from '../types.js';

export const cycloneDxReporter: Reporter = {
  format: 'cyclonedx',
  contentType: 'application/vnd.cyclonedx+json',
  render(report, options) {
    const serialNumber = options.documentId ? `urn:uuid:${options.documentId}` : undefined;
    return JSON.stringify(toCycloneDx(report, { serialNumber }), null, 2) + '\n';
  },
};
