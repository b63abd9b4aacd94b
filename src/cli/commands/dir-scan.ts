import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { addScanOptions, SCAN_FORMATS } from './image.js';
import { runScan, type ScanFlags } from '../scan-command.js';

interface DirScanSpec {
  name: 'rootfs' | 'fs';
  kind: 'rootfs' | 'filesystem';
  description: string;
  argument: string;
  scanners: string;
  examples: string[];
}

/** `rootfs` and `fs` scan a directory the same way; they differ in catalogers (installed vs lockfiles) and defaults. */
function registerDirScan(program: Command, ctx: CommandContext, spec: DirScanSpec): void {
  const cmd = program.command(spec.name).description(spec.description).argument('<dir>', spec.argument);
  addScanOptions(cmd, spec.scanners);
  addReportOptions(cmd, SCAN_FORMATS, 'table');
  cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
  cmd.action(async (dir: string, flags: ReportFlags & ScanFlags) => {
    ctx.setExit(await runScan({ kind: spec.kind, ref: dir, open: { inputType: 'rootfs' }, flags }, ctx));
  });
}

export function registerRootfs(program: Command, ctx: CommandContext): void {
  registerDirScan(program, ctx, {
    name: 'rootfs',
    kind: 'rootfs',
    description: 'Scan an unpacked root filesystem (a directory) like an image',
    argument: 'root filesystem directory',
    scanners: 'vuln,config,secret',
    examples: ['drydock rootfs /mnt/rootfs --severity HIGH,CRITICAL', 'drydock rootfs ./chroot --scanners vuln --format json -o report.json'],
  });
}

export function registerFs(program: Command, ctx: CommandContext): void {
  registerDirScan(program, ctx, {
    name: 'fs',
    kind: 'filesystem',
    description: 'Scan a source tree: lockfiles and manifests (package-lock.json, go.mod, pom.xml, …) and secrets',
    argument: 'project directory',
    scanners: 'vuln,secret',
    examples: ['drydock fs .', 'drydock fs ./service --scanners vuln --severity CRITICAL --exit-code 1'],
  });
}
