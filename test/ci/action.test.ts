// Runs the composite action's `run:` steps with bash in a simulated GitHub Actions environment
// (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH = this checkout) against a real image archive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { sarifValidator } from '../helpers/report-fixtures.js';
import { SHARED_DATA } from '../helpers/shared-data.js';
import { makeTempDir } from '../helpers/tmp.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const image = [join(repo, '.cache/images/archives/mini-tomcat.docker.tar'), join(SHARED_DATA, 'images/busybox.tar')].find(existsSync);
const scanReady = existsSync(join(repo, 'src/cli/scan-command.ts'));
// no database download in tests: match against the bundled advisory snapshot when present,
// otherwise exercise the Action with the config/secret scanners only
const advisories = join(repo, 'examples/advisories');
const hasAdvisories = existsSync(join(advisories, 'snapshot.json')) && existsSync(join(repo, 'src/vulndb/index.ts'));

interface Step { name?: string; id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; 'working-directory'?: string }

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Evaluates the few expressions action.yml uses: inputs.*, steps.<id>.outputs.*, github.action_path. */
function evaluate(expr: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>>): string {
  return expr.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) return inputs[m[1]] ?? '';
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return steps[m[1]]?.[m[2]] ?? '';
    if (e === 'github.action_path') return repo;
    throw new Error(`expression not simulated: ${e}`);
  });
}

function runAction(given: Record<string, string>) {
  const action = parse(readFileSync(join(repo, 'action.yml'), 'utf8'));
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs as Record<string, { default?: string }>)) inputs[k] = given[k] ?? v.default ?? '';
  const dir = makeTempDir('dd-action-');
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const steps: Record<string, Record<string, string>> = {};
  const logs: string[] = [];
  let failed: { step: string; status: number } | undefined;
  for (const step of action.runs.steps as Step[]) {
    if (!step.run) continue; // `uses:` steps (setup-node, upload-sarif) are GitHub's own
    const outputFile = join(dir, `output-${step.id ?? 'x'}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: repo,
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: dir,
      NO_COLOR: '1',
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), inputs, steps);
    const cwd = step['working-directory'] ? evaluate(step['working-directory'], inputs, steps) : dir;
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    logs.push(`--- ${step.name}\n${r.stdout}${r.stderr}`);
    if (step.id) steps[step.id] = readOutputs(outputFile);
    if (r.status !== 0) {
      failed = { step: step.name ?? '?', status: r.status ?? -1 };
      break;
    }
  }
  return { dir, summary: readFileSync(summary, 'utf8'), steps, failed, logs: logs.join('\n') };
}

const skip = !image ? 'no image archive (.cache/images/archives/mini-tomcat.docker.tar or ../shared/data/images/busybox.tar)' : !scanReady ? '`drydock image` is not wired yet' : false;
const scanInputs: Record<string, string> = hasAdvisories ? { advisories } : { scanners: 'config,secret' };

test('action.yml: scan, SARIF, summary and outputs; passes without a failing policy', { skip, timeout: 240_000 }, () => {
  const { dir, summary, steps, failed, logs } = runAction({ image: image!, ...scanInputs, 'sarif-file': 'out.sarif' });
  assert.equal(failed, undefined, logs);
  const out = steps.report;
  assert.equal(out['sarif-file'], 'out.sarif');
  assert.equal(out['exit-code'], '0');
  for (const k of ['critical', 'high', 'medium', 'low', 'unknown', 'total', 'kev']) assert.match(out[k], /^\d+$/, k);
  const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
  sarifValidator()(sarif);
  assert.equal(sarif.runs[0].results.length, Number(out.total) + Number(out.misconfigurations));
  assert.match(summary, /^### Drydock: `/);
  assert.match(summary, /\| 🟥 CRITICAL \|/);
  const report = JSON.parse(readFileSync(steps.scan['json-file'], 'utf8'));
  assert.equal(report.schemaVersion, 1);
  assert.ok(report.targets.length > 0);
});

test('action.yml: fails by policy with the requested exit code (distro packages only: pkg-types os)', { skip, timeout: 240_000 }, () => {
  // every image has at least a misconfiguration or a finding of some severity: fail on all of them
  const { steps, failed, logs } = runAction({ image: image!, ...scanInputs, 'pkg-types': 'os', 'fail-on': 'critical,high,medium,low,unknown', 'exit-code': '7' });
  // the pkg-types input reaches the scan: distro packages only
  const report = JSON.parse(readFileSync(steps.scan['json-file'], 'utf8')) as { targets: { kind: string }[] };
  assert.deepEqual([...new Set(report.targets.map((t) => t.kind))].filter((k) => k !== 'os'), []);
  const total = Number(steps.report.total) + Number(steps.report.misconfigurations);
  if (total === 0) return assert.equal(failed, undefined, logs);
  assert.equal(steps.report['exit-code'], '7');
  assert.deepEqual(failed, { step: 'Fail by policy', status: 7 }, logs);
});
