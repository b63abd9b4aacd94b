// `drydock fix`: rewrite the Dockerfile's base image to a recommended (or given) tag, optionally as a pull request.
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { CommandContext } from '../main.js';
import { addDbOptions, addImageOptions, imageOpenOptions, type ImageFlags } from '../options.js';
import { openStoreForScan, type ScanFlags } from '../scan-command.js';
import { usage } from '../io.js';
import { addAdviceOptions, layerCacheFor, parseBuildArgList, parseCandidates, type AdviceFlags } from './advise.js';

interface FixFlags extends ImageFlags, ScanFlags, AdviceFlags {
  to?: string;
  pinDigest?: boolean;
  dryRun?: boolean;
  pr?: boolean;
  repo?: string;
  remote?: string;
  branch?: string;
  baseBranch?: string;
  githubApiUrl?: string;
  quiet?: boolean;
}

const KINDS = ['minor', 'major', 'alternative', 'refresh'] as const;

export function registerFix(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('fix')
    .description('Rewrite the FROM line of a Dockerfile to a better base image (keeps comments, ARGs and formatting)')
    .requiredOption('--file <Dockerfile>', 'Dockerfile to rewrite')
    .option('--to <minor|major|alternative|refresh|TAG>', 'recommendation to apply, or a tag of the same repository', 'minor')
    .option('--pin-digest', 'pin the new base image by digest')
    .option('--dry-run', 'print the diff, change nothing')
    .option('--build-arg <k=v>', 'build argument for ARGs in FROM (repeatable)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--pr', 'commit on a new branch, push it and open a GitHub pull request (needs GITHUB_TOKEN)')
    .option('--repo <owner/name>', 'GitHub repository (default: from the remote URL)')
    .option('--remote <name>', 'git remote to push to', 'origin')
    .option('--branch <name>', 'branch for the pull request (default drydock/base-<tag>)')
    .option('--base-branch <name>', 'branch the pull request targets (default: the current branch)')
    .option('--github-api-url <url>', 'GitHub API root (GitHub Enterprise: https://HOST/api/v3)', process.env.GITHUB_API_URL ?? 'https://api.github.com')
    .option('-q, --quiet', 'no log lines on standard error');
  addDbOptions(cmd);
  addImageOptions(cmd);
  addAdviceOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  drydock fix --file Dockerfile --dry-run
  drydock fix --file Dockerfile --to major --pin-digest
  drydock fix --file Dockerfile --to 8.5.97-jdk8
  GITHUB_TOKEN=… drydock fix --file Dockerfile --to minor --pr --github-api-url https://ghe.example/api/v3`,
  );
  cmd.action(async (flags: FixFlags) => {
    const { io } = ctx;
    const advise = await import('../../advise/index.js');
    const { resolveDigest, parseReference, makeReference } = await import('../../image/registry/index.js');
    const text = await readFile(flags.file!, 'utf8').catch(() => {
      throw usage(`cannot read ${flags.file}`);
    });
    const buildArgs = parseBuildArgList(flags.buildArg);
    const base = await advise.detectBaseImage({ dockerfile: { text, file: flags.file! }, buildArgs });
    const open = { ...imageOpenOptions(flags), inputType: undefined, ...(base.platform ? { platform: base.platform } : {}) };
    const token = process.env.GITHUB_TOKEN;
    if (flags.pr && !token) throw usage('--pr needs GITHUB_TOKEN in the environment');
    const wanted = flags.to ?? 'minor';
    const isKind = (KINDS as readonly string[]).includes(wanted);

    // advice is needed to pick a kind, and for the before/after table of a pull request
    let advice: Awaited<ReturnType<typeof advise.adviseBase>> | undefined;
    if (isKind || flags.pr) {
      const store = await openStoreForScan(flags, (m) => io.warn(m));
      try {
        advice = await advise.adviseBase(base, {
          store,
          open,
          layerCache: await layerCacheFor(flags),
          maxCandidates: parseCandidates(flags.adviceCandidates),
          allowRegistries: flags.allowRegistry,
        });
      } finally {
        store.close();
      }
    }
    const ref = parseReference(base.image);
    const rec = isKind ? advice?.recommendations.find((r) => r.kind === wanted) : advice?.recommendations.find((r) => r.tag === wanted);
    if (isKind && !rec) {
      io.log(`No ${wanted} recommendation for ${base.image}: nothing to change.`);
      return;
    }
    const tag = isKind ? rec!.tag! : wanted;
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) throw usage(`"${tag}" is not a valid tag`);
    let digest: string | undefined;
    if (flags.pinDigest || wanted === 'refresh') digest = rec?.digest ?? (await resolveDigest(makeReference(ref.registry, ref.repository, tag).toString(), open));

    const result = advise.rewriteBaseImage(text, flags.file!, { tag, digest }, buildArgs);
    if (result.edits.length === 0) {
      io.log(`${flags.file} already uses ${result.to}`);
      return;
    }
    const diff = advise.unifiedDiff(text, result.text, basename(flags.file!));
    if (flags.dryRun) {
      io.stdout.write(diff);
      return;
    }
    await writeFile(flags.file!, result.text);
    io.log(`${flags.file}: ${result.from} -> ${result.to}`);
    if (!flags.pr) return;

    const repoDir = dirname(resolve(flags.file!));
    const { execFileSync } = await import('node:child_process');
    const top = execFileSync('git', ['-C', repoDir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
    const rows = [{ label: 'before', image: advice!.base.image, counts: advice!.base.counts, size: advice!.base.size }];
    if (rec) rows.push({ label: 'after', image: rec.image, counts: rec.counts, size: rec.size });
    const body = [
      `Drydock moves the base image from \`${result.from}\` to \`${result.to}\`.`,
      '',
      advise.scanTable(rows),
      '',
      ...(rec?.reasons ?? []).map((r) => `- ${r}`),
      '',
      '```diff',
      diff.trimEnd(),
      '```',
    ].join('\n');
    const pr = await advise.openPullRequest({
      repoDir: top,
      paths: [relative(top, resolve(flags.file!))],
      branch: flags.branch ?? `drydock/base-${tag}`.replace(/[^A-Za-z0-9._/-]/g, '-'),
      baseBranch: flags.baseBranch,
      title: `Base image: ${ref.familiar.split(/[:@]/)[0]} ${tag}`,
      commitMessage: `Upgrade base image to ${result.to}\n\nProposed by drydock fix (${isKind ? `${wanted} recommendation` : 'requested tag'}).`,
      body,
      token: token!,
      apiUrl: flags.githubApiUrl,
      repo: flags.repo,
      remote: flags.remote,
    });
    io.stdout.write(`Opened pull request #${pr.number}: ${pr.url}\n`);
  });
}
