// Explicit registry of output formats: one Reporter per folder, listed here (no import side effects).
import { DrydockError } from '../errors.js';
import type { RenderOptions, Reporter, ScanReport } from './types.js';
import { tableReporter } from './table/table-reporter.js';
import { jsonReporter } from './json/json-reporter.js';
import { sarifReporter } from './sarif/sarif-reporter.js';
import { cycloneDxReporter } from './cyclonedx/cyclonedx-reporter.js';
import { spdxReporter } from './spdx/spdx-reporter.js';
import { junitReporter } from './junit/junit-reporter.js';
import { markdownReporter } from './markdown/markdown-reporter.js';
import { htmlReporter } from './html/html-reporter.js';
import { gitlabReporter } from './gitlab/gitlab-reporter.js';

const REPORTERS: Record<string, Reporter> = {
  table: tableReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  cyclonedx: cycloneDxReporter,
  spdx: spdxReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
  gitlab: gitlabReporter,
};

/** Accepted spellings besides the canonical names. */
const ALIASES: Record<string, string> = { 'spdx-json': 'spdx', 'cyclonedx-json': 'cyclonedx', cdx: 'cyclonedx', md: 'markdown', 'gitlab-container-scanning': 'gitlab' };

export function reporterFormats(): string[] {
  return Object.keys(REPORTERS);
}

export function getReporter(format: string): Reporter {
  const key = ALIASES[format] ?? format;
  const r = Object.hasOwn(REPORTERS, key) ? REPORTERS[key] : undefined;
  if (!r) throw new DrydockError('USAGE', `unknown format "${format}"`, { hint: `use one of: ${reporterFormats().join(', ')}` });
  return r;
}

export function renderReport(report: ScanReport, format: string, options: RenderOptions): string {
  return renderWith(getReporter(format), report, options);
}

/**
 * reporter.render, with V8's longest string (about 512 MiB) turned into an error that says what to do: an image of
 * most of a million packages (a crafted layer of tiny package.json files is one) makes a JSON or SBOM report that long.
 */
export function renderWith(reporter: Reporter, report: ScanReport, options: RenderOptions): string {
  try {
    return reporter.render(report, options);
  } catch (e) {
    if (!(e instanceof RangeError && /invalid string length/i.test(e.message))) throw e;
    const packages = report.targets.reduce((n, t) => n + t.packages.length, 0);
    throw new DrydockError('LIMIT', `the ${reporter.format} report of ${packages} packages is longer than the longest string Node.js can hold (about 512 MiB)`, {
      hint: 'narrow it (--pkg-types, --severity, --scanners) or use --format table, which lists a bounded number of rows',
      cause: e,
    });
  }
}

export type { Reporter, RenderOptions, ScanReport } from './types.js';
