// The ScanReport itself, documented by schemas/report.schema.json (versioned by schemaVersion).
import type { Reporter } from '../types.js';

export const jsonReporter: Reporter = {
  format: 'json',
  contentType: 'application/json',
  render(report) {
    return JSON.stringify(report, null, 2) + '\n';
  },
};
