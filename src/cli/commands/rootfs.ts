import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { addScanOptions } from './image.js';
import { runScan, type ScanFlags } from '../scan-command.js';

const FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'junit', 'markdown', 'html', 'gitlab'];

export function registerRootfs(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('rootfs')
    .description('Scan an unpacked root filesystem (a directory) like an image')
    .argument('<dir>', 'root filesystem directory');
  addScanOptions(cmd);
  addReportOptions(cmd, FORMATS, 'table');
  cmd.addHelpText('after', '\nExamples:\n  drydock rootfs /mnt/rootfs --severity HIGH,CRITICAL\n  drydock rootfs ./chroot --scanners vuln --format json -o report.json');
  cmd.action(async (dir: string, flags: ReportFlags & ScanFlags) => {
    ctx.setExit(await runScan({ kind: 'rootfs', ref: dir, open: { inputType: 'rootfs' }, flags }, ctx));
  });
}
