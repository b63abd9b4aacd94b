import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { addScanOptions } from './image.js';
import { runScan, type ScanFlags } from '../scan-command.js';

const FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'junit', 'markdown', 'html', 'gitlab'];

export function registerFs(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('fs')
    .description('Scan a source tree: lockfiles and manifests (package-lock.json, go.mod, pom.xml, …) and secrets')
    .argument('<dir>', 'project directory');
  addScanOptions(cmd);
  addReportOptions(cmd, FORMATS, 'table');
  cmd.addHelpText('after', '\nExamples:\n  drydock fs .\n  drydock fs ./service --scanners vuln --severity CRITICAL --exit-code 1');
  cmd.action(async (dir: string, flags: ReportFlags & ScanFlags) => {
    const scanners = flags.scanners ?? 'vuln,secret';
    ctx.setExit(await runScan({ kind: 'filesystem', ref: dir, open: { inputType: 'rootfs' }, flags: { ...flags, scanners } }, ctx));
  });
}
