// `drydock config`: hardening checks for Dockerfiles, Kubernetes manifests and compose files.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../main.js';
import { collect, parseExitCode, parseSeverities } from '../options.js';
import { usage } from '../io.js';
import { SEVERITIES, type Severity } from '../../match/types.js';
import { VERSION } from '../../version.js';
import type { ScanReport } from '../../report/types.js';

interface ConfigFlags {
  pss?: string;
  pssVersion?: string;
  trustedRegistry: string[];
  format: string;
  severity?: string;
  exitCode?: string;
  output?: string;
  policy?: string;
  quiet?: boolean;
}

/** One severity means "this and above"; a list means exactly those. */
export function severityFilter(v: string | undefined): Severity[] | undefined {
  const list = parseSeverities(v);
  if (!list || list.length !== 1) return list;
  return SEVERITIES.slice(0, SEVERITIES.indexOf(list[0]) + 1).filter((s) => s !== 'UNKNOWN' || list[0] === 'UNKNOWN');
}

export function registerConfig(program: Command, ctx: CommandContext): void {
  program
    .command('config')
    .description('Check Dockerfiles, Kubernetes manifests and docker-compose files for hardening problems')
    .argument('<paths...>', 'files or directories (walked, skipping node_modules and .git)')
    .option('--pss <level>', 'evaluate only the Pod Security Standards at this level: baseline or restricted')
    .option('--pss-version <v>', 'Pod Security Standards version, e.g. v1.30 (default latest)')
    .option('--trusted-registry <registry>', 'allowed image registry or prefix (repeatable), e.g. ghcr.io/acme', collect, [] as string[])
    .option('-f, --format <format>', 'table, json, sarif (or any report format)', 'table')
    .option('-s, --severity <list>', 'severities to report; one value means that and above (default: all)')
    .option('--exit-code <n>', 'exit code when unsuppressed results remain (default 0)')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--policy <file>', 'policy file with ignores (default: ./.drydock.yaml)')
    .option('-q, --quiet', 'no log lines on standard error')
    .addHelpText(
      'after',
      `
Examples:
  drydock config Dockerfile
  drydock config k8s/ --pss restricted --exit-code 1
  drydock config . --trusted-registry ghcr.io/acme --severity HIGH --format sarif -o config.sarif
Suppress a result inline with a reason:  # drydock:ignore=DD-DF-002 runs as root only in CI`,
    )
    .action(async (paths: string[], flags: ConfigFlags) => {
      if (flags.pss !== undefined && flags.pss !== 'baseline' && flags.pss !== 'restricted') throw usage(`--pss must be baseline or restricted, got "${flags.pss}"`);
      const severity = severityFilter(flags.severity);
      const exitCode = parseExitCode(flags.exitCode);
      const [{ scanConfigPaths }, { getReporter, renderWith }, { loadPolicy }, { applyPolicy }, { filterForDisplay, evaluateExit }, { pssMinor }] = await Promise.all([
        import('../../misconfig/scan-config.js'),
        import('../../report/index.js'),
        import('../../policy/load.js'),
        import('../../policy/apply.js'),
        import('../../policy/exit.js'),
        import('../../misconfig/kubernetes/pss/version.js'),
      ]);
      if (flags.pssVersion !== undefined && pssMinor(flags.pssVersion) === undefined) throw usage(`invalid --pss-version "${flags.pssVersion}"`, 'use latest or v1.N, e.g. v1.30');
      const reporter = getReporter(flags.format);
      const policy = await loadPolicy(flags.policy);
      const scan = await scanConfigPaths(paths, { pss: flags.pss as 'baseline' | 'restricted' | undefined, pssVersion: flags.pssVersion, trustedRegistries: flags.trustedRegistry });
      if (scan.files.length === 0) ctx.io.warn('no Dockerfile, Kubernetes manifest or compose file found');
      const report: ScanReport = {
        schemaVersion: 1,
        tool: { name: 'drydock', version: VERSION },
        createdAt: new Date().toISOString(),
        artifact: { name: paths.join(' '), kind: 'config' },
        targets: [],
        findings: [],
        misconfigurations: scan.results,
        warnings: scan.warnings,
      };
      applyPolicy(report, policy, new Date());
      const policyFlags = { severity: severity ?? policy?.severity, exitCode: exitCode ?? policy?.exitCode };
      for (const w of scan.warnings) ctx.io.warn(`${w.file ? w.file + ': ' : ''}${w.message}`);
      const out = renderWith(reporter, filterForDisplay(report, policyFlags), { color: ctx.io.color && !flags.output, width: (ctx.io.stdout as NodeJS.WriteStream).columns });
      if (flags.output) await writeFile(flags.output, out);
      else ctx.io.stdout.write(out.endsWith('\n') ? out : out + '\n');
      ctx.setExit(evaluateExit(report, policyFlags));
    });
}
