import { toSpdx } from '../../sbom/spdx/spdx.js';
import type { Reporter } from '../types.js';

export const spdxReporter: Reporter = {
  format: 'spdx',
  contentType: 'application/spdx+json',
  render(report, options) {
    return JSON.stringify(toSpdx(report, { documentId: options.documentId }), null, 2) + '\n';
  },
};
