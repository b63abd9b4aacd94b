// Used by action.yml after the scan: renders SARIF and the Markdown step summary from the JSON report,
// writes the Action's outputs and decides the exit code by policy (so the image is scanned only once).
// Usage: node --import tsx ci/github-report.ts <report.json>   (settings from INPUT_* and GITHUB_* env)
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { renderReport } from '../src/report/index.js';
import { evaluateExit, filterForDisplay, loadPolicy, mergePolicyFlags, parseFailOn } from '../src/policy/index.js';
import { countBySeverity } from '../src/report/summary.js';
import type { ScanReport } from '../src/report/types.js';
import type { Severity } from '../src/match/types.js';

const env = (name: string): string | undefined => {
  const v = process.env[`INPUT_${name.toUpperCase().replace(/[ -]/g, '_')}`];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: github-report.ts <report.json>');
  const report = JSON.parse(await readFile(file, 'utf8')) as ScanReport;
  const policy = await loadPolicy(env('policy'));
  const flags = mergePolicyFlags(
    {
      severity: env('severity')?.split(',').map((s) => s.trim().toUpperCase()) as Severity[] | undefined,
      exitCode: env('exit-code') === undefined ? undefined : Number(env('exit-code')),
      ignoreUnfixed: env('ignore-unfixed') === 'true' ? true : undefined,
      failOn: parseFailOn(env('fail-on')),
    },
    policy,
  );
  const exitFlags = { ...flags, exitCode: flags.exitCode === undefined ? undefined : Number(flags.exitCode) };
  const shown = filterForDisplay(report, exitFlags);
  const sarifFile = env('sarif-file') ?? 'drydock.sarif';
  await writeFile(sarifFile, renderReport(shown, 'sarif', { color: false }));
  const markdown = renderReport(shown, 'markdown', { color: false });
  if (process.env.GITHUB_STEP_SUMMARY && env('summary') !== 'false') await appendFile(process.env.GITHUB_STEP_SUMMARY, markdown + '\n');
  const extra = env('format');
  if (extra && env('output')) await writeFile(env('output')!, renderReport(shown, extra, { color: false }));

  const active = shown.findings.filter((f) => !f.suppressed);
  const counts = countBySeverity(active);
  const code = evaluateExit(report, exitFlags);
  const outputs: Record<string, string | number> = {
    'sarif-file': sarifFile,
    'json-file': file,
    critical: counts.CRITICAL,
    high: counts.HIGH,
    medium: counts.MEDIUM,
    low: counts.LOW,
    unknown: counts.UNKNOWN,
    total: active.length,
    kev: active.filter((f) => f.kev).length,
    misconfigurations: shown.misconfigurations.filter((m) => !m.suppressed).length,
    suppressed: report.findings.length - report.findings.filter((f) => !f.suppressed).length,
    'exit-code': code,
  };
  if (process.env.GITHUB_OUTPUT) {
    await appendFile(process.env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  }
  process.stderr.write(`drydock: ${active.length} finding(s) shown; policy exit code ${code}\n`);
  return 0;
}

main().then(
  (c) => (process.exitCode = c),
  (e) => {
    process.stderr.write(`drydock: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
