import { Option, type Command } from 'commander';
import type { CommandContext } from '../main.js';
import { addDbOptions, addImageOptions, addPkgTypesOption, addReportOptions, imageOpenOptions, type ImageFlags, type ReportFlags } from '../options.js';
import { runScan, type ScanFlags } from '../scan-command.js';
import { addAdviceOptions } from './advise.js';

export const SCAN_FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'junit', 'markdown', 'html', 'gitlab'];

export function registerImage(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('image')
    .description('Scan a container image: packages, vulnerabilities, hardening checks and secrets')
    .argument('<image>', 'image archive, OCI layout, root filesystem directory, or registry reference');
  addImageOptions(cmd);
  addScanOptions(cmd);
  addAdviceOptions(cmd);
  addReportOptions(cmd, SCAN_FORMATS, 'table');
  cmd.addHelpText(
    'after',
    `
Examples:
  drydock image examples/tomcat-app.oci.tar --advisories examples/advisories
  drydock image alpine:3.20 --severity CRITICAL,HIGH --exit-code 1
  drydock image registry.example:5000/team/app@sha256:… --format sarif -o drydock.sarif
  drydock image ./app.tar --file Dockerfile --ignore-unfixed --fail-on critical,kev --exit-code 1
  drydock image oci:./layout:1.2 --platform linux/arm64/v8 --format json
  drydock image debian:12 --pkg-types os --scanners vuln`,
  );
  cmd.action(async (ref: string, flags: ImageFlags & ReportFlags & ScanFlags) => {
    ctx.setExit(await runScan({ kind: 'image', ref, open: imageOpenOptions(flags), flags }, ctx));
  });
}

export function addScanOptions(cmd: Command, scanners = 'vuln,config,secret'): Command {
  cmd.option('--scanners <list>', 'what to look for: vuln,config,secret', scanners);
  addPkgTypesOption(cmd);
  return addDbOptions(cmd)
    .option('--match-owned', 'also match distro-owned language packages against their own ecosystem')
    .option('--file <Dockerfile>', 'Dockerfile the image was built from: attribute findings to its base image and instructions')
    .option('--build-arg <k=v>', 'build argument used with --file (repeatable)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--manifests <dir>', 'Kubernetes manifests that deploy the image, for the attacker’s-eye summary')
    .addOption(new Option('--no-progress', 'never show progress'));
}
