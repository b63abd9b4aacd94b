// `drydock advise`: which base image to move to, with vulnerability counts, deltas, sizes and reasons.
import { Option, type Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { CommandContext } from '../main.js';
import { addDbOptions, addImageOptions, imageOpenOptions, type ImageFlags } from '../options.js';
import { openStoreForScan, type ScanFlags } from '../scan-command.js';
import { usage } from '../io.js';
import { terminalSafe } from '../../report/terminal-text.js';

export interface AdviceFlags {
  adviceCandidates?: string;
  allowRegistry?: string[];
  excludeBaseImageVulns?: boolean;
}

export interface AdviseFlags extends ImageFlags, ScanFlags, AdviceFlags {
  image?: string;
  base?: string;
  baseCandidates?: string;
  format?: string;
  output?: string;
  quiet?: boolean;
}

/** Flags shared by `drydock image --file` and `drydock advise`. */
export function addAdviceOptions(cmd: Command): Command {
  return cmd
    .option('--advice-candidates <n>', 'candidate base images to scan for advice', '5')
    .option('--allow-registry <host[/repo]>', 'registries advice may query (repeatable; default any)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--exclude-base-image-vulns', 'with --file: leave out vulnerabilities that came with the base image');
}

export function parseCandidates(v: string | undefined): number {
  const n = Number(v ?? 5);
  if (!Number.isInteger(n) || n < 0 || n > 50) throw usage(`--advice-candidates must be an integer 0-50, got "${v}"`);
  return n;
}

export function parseBuildArgList(list: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usage(`--build-arg must be KEY=VALUE, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export async function layerCacheFor(flags: { cacheDir?: string }) {
  const [{ createLayerCache }, { defaultCacheDir }] = await Promise.all([import('../../scan/layer-cache.js'), import('../../vulndb/paths.js')]);
  return createLayerCache({ dir: flags.cacheDir ?? defaultCacheDir(), namespace: 'vuln' });
}

export function registerAdvise(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('advise')
    .description('Recommend a better base image: minor and major upgrades, smaller variants, rebuilt tags')
    .option('--file <Dockerfile>', 'Dockerfile whose final stage names the base image')
    .option('--build-arg <k=v>', 'build argument for ARGs in FROM (repeatable)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--image <image>', 'the built image: base from its labels or layers, and per-package remediation')
    .option('--base <image>', 'the base image itself (skips detection)')
    .option('--base-candidates <list>', 'comma-separated base images to match the --image layers against')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('-q, --quiet', 'no log lines on standard error');
  addDbOptions(cmd);
  addImageOptions(cmd);
  addAdviceOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  drydock advise --file Dockerfile
  drydock advise --file Dockerfile --build-arg TOMCAT_VERSION=8.5.21 --format json
  drydock advise --image registry.example:5000/team/app:1.4 --base-candidates tomcat:8.5.21-jdk8,tomcat:8.5.23-jdk8
  drydock advise --base tomcat:8.5.21-jdk8 --advice-candidates 3 --allow-registry docker.io`,
  );
  cmd.action(async (flags: AdviseFlags) => {
    const { io } = ctx;
    const { detectBaseImage, adviseBase, renderAdviceText } = await import('../../advise/index.js');
    const open = imageOpenOptions(flags);
    const registryOpen = { ...open, inputType: undefined };
    const maxCandidates = parseCandidates(flags.adviceCandidates);
    const dockerfile = flags.file ? { text: await readFile(flags.file, 'utf8').catch(() => { throw usage(`cannot read ${flags.file}`); }), file: flags.file } : undefined;
    if (!dockerfile && !flags.image && !flags.base) throw usage('name the base image: --file Dockerfile, --image IMAGE or --base IMAGE');

    const store = await openStoreForScan(flags, (m) => io.warn(m));
    try {
      let metadata;
      let findings;
      let distro;
      if (flags.image) {
        const [{ openImage }, { scanSource }] = await Promise.all([import('../../image/index.js'), import('../../scan/scan-image.js')]);
        const source = await openImage(flags.image, open);
        try {
          metadata = await source.metadata();
          const report = await scanSource(source, flags.image, { store, scanners: ['vuln'], layerCache: await layerCacheFor(flags) });
          findings = report.findings;
          distro = report.artifact.distro;
        } finally {
          await source.close();
        }
      }
      const base = flags.base
        ? { image: flags.base, source: 'argument' as const }
        : await detectBaseImage({
            dockerfile,
            buildArgs: parseBuildArgList(flags.buildArg),
            metadata,
            candidates: flags.baseCandidates?.split(',').map((s) => s.trim()).filter(Boolean),
            open: registryOpen,
          });
      io.log(`Base image: ${base.image} (from ${base.source}${base.line ? ` line ${base.line}` : ''})`);
      const advice = await adviseBase(base, {
        store,
        open: registryOpen,
        layerCache: await layerCacheFor(flags),
        maxCandidates,
        allowRegistries: flags.allowRegistry,
        findings,
        distro,
        warn: (w) => io.warn(w.message),
      });
      const text = flags.format === 'json' ? JSON.stringify(advice, null, 2) + '\n' : renderAdviceText(terminalSafe(advice));
      if (flags.output) await writeFile(flags.output, text);
      else io.stdout.write(text);
    } finally {
      store.close();
    }
  });
}
