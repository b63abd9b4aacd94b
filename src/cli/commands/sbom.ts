import { Option, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../main.js';
import { addImageOptions, addPkgTypesOption, imageOpenOptions, parsePkgTypeFlag, type ImageFlags } from '../options.js';
import { progress } from '../progress.js';

export function registerSbom(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('sbom')
    .description('Write a software bill of materials (CycloneDX 1.6, SPDX 2.3 or Drydock JSON) for an image or directory')
    .argument('<image>', 'image archive, OCI layout, root filesystem directory, or registry reference');
  addPkgTypesOption(addImageOptions(cmd))
    .addOption(new Option('-f, --format <format>', 'SBOM format').choices(['cyclonedx', 'spdx', 'json', 'table']).default('cyclonedx'))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('-q, --quiet', 'no progress or log lines on standard error')
    .addHelpText(
      'after',
      `
Examples:
  drydock sbom examples/tomcat-app.oci.tar
  drydock sbom alpine:3.20 --format spdx -o alpine.spdx.json
  drydock sbom ./rootfs --input-type rootfs --format json
  drydock sbom ./app.tar --pkg-types library`,
    )
    .action(async (ref: string, flags: ImageFlags & { format: string; output?: string; pkgTypes?: string }) => {
      const pkgTypes = parsePkgTypeFlag(flags.pkgTypes);
      const { scanTarget } = await import('../../scan/scan-target.js');
      const { getReporter, renderWith } = await import('../../report/index.js');
      const reporter = getReporter(flags.format);
      const bar = progress(ctx.io);
      const kind = flags.inputType === 'rootfs' ? 'rootfs' : 'image';
      let report;
      try {
        report = await scanTarget(
          { kind, ref, open: imageOpenOptions(flags) },
          {
            scanners: [],
            pkgTypes,
            warn: (w) => ctx.io.warn(w.file ? `${w.file}: ${w.message}` : w.message),
            progress: (e) => e.phase === 'start' && bar.update(`Reading layer ${e.layer + 1}/${e.layers}…`),
          },
        );
      } finally {
        bar.done();
      }
      const text = renderWith(reporter, report, { color: ctx.io.color && !flags.output });
      if (flags.output) await writeFile(flags.output, text);
      else ctx.io.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
}
