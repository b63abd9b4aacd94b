// What `image`, `rootfs` and `fs` share: database, scan, policy and VEX, rendering, exit code.
import { writeFileSync } from 'node:fs';
import type { CommandContext } from './main.js';
import type { OpenImageOptions } from '../image/types.js';
import type { ScanReport } from '../report/types.js';
import type { VulnStore } from '../vulndb/types.js';
import { parseExitCode, parsePkgTypeFlag, parseSeverities, type ReportFlags } from './options.js';
import { usage, EXIT } from './io.js';
import { progress } from './progress.js';
import { ALL_SCANNERS, type Scanner } from '../scan/scanners.js';
import { DrydockError } from '../errors.js';

export interface ScanFlags {
  scanners?: string;
  pkgTypes?: string;
  cacheDir?: string;
  db?: string;
  advisories?: string;
  skipDbUpdateWarning?: boolean;
  matchOwned?: boolean;
  file?: string;
  buildArg?: string[];
  manifests?: string;
  progress?: boolean;
  adviceCandidates?: string;
  allowRegistry?: string[];
  excludeBaseImageVulns?: boolean;
}

export interface ScanRequest {
  kind: 'image' | 'rootfs' | 'filesystem';
  ref: string;
  open: OpenImageOptions;
  flags: ReportFlags & ScanFlags;
}

export function parseScanners(list: string | undefined): Scanner[] {
  const items = (list ?? ALL_SCANNERS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of items) if (!ALL_SCANNERS.includes(s as Scanner)) throw usage(`unknown scanner "${s}"`, `use some of ${ALL_SCANNERS.join(',')}`);
  return items as Scanner[];
}

/** Opens the vulnerability data the user chose: an advisory folder, an explicit file, or the cached database. */
export async function openStoreForScan(flags: ScanFlags, warn: (m: string) => void): Promise<VulnStore> {
  // the importers (and the yaml library, ~35 ms of start-up) load only for an advisory folder
  if (flags.advisories) return (await import('../vulndb/snapshot.js')).openSnapshotStore(flags.advisories);
  const vulndb = await import('../vulndb/paths.js');
  const store = vulndb.openDefaultStore({ cacheDir: flags.cacheDir, db: flags.db });
  const age = flags.skipDbUpdateWarning ? undefined : vulndb.dbAgeWarning(store);
  if (age) warn(age);
  return store;
}

export async function runScan(req: ScanRequest, ctx: CommandContext): Promise<number> {
  // Ctrl-C or a CI job's timeout mid-scan: exit through process.exit, so that temp files (the --advisories
  // database) are removed on the way out; the default action would end the process without that
  const interrupted = (signal: NodeJS.Signals): never => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    return await scanAndReport(req, ctx);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  }
}

async function scanAndReport(req: ScanRequest, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const { loadPolicy, applyPolicy, evaluateExit, filterForDisplay, mergePolicyFlags } = await import('../policy/index.js');
  const policy = await loadPolicy(req.flags.policy);
  const flags = mergePolicyFlags(req.flags, policy);
  const scanners = parseScanners(req.flags.scanners);
  const pkgTypes = parsePkgTypeFlag(req.flags.pkgTypes);
  const severity = parseSeverities(flags.severity);
  const exitCode = parseExitCode(flags.exitCode);
  const format = flags.format ?? (io.isTTY || flags.output ? 'table' : 'table');
  const { getReporter, renderWith } = await import('../report/index.js');
  const reporter = getReporter(format); // fail on a bad format before scanning

  const store = scanners.includes('vuln') ? await openStoreForScan(req.flags, (m) => io.warn(m)) : undefined;
  const bar = req.flags.progress === false ? progress({ ...io, quiet: true }) : progress(io);
  let report: ScanReport;
  try {
    const { scanTarget } = await import('../scan/scan-target.js');
    report = await scanTarget(req, {
      scanners,
      pkgTypes,
      store,
      ignoreUnfixed: flags.ignoreUnfixed,
      matchOwned: req.flags.matchOwned,
      warn: (w) => io.warn(w.file ? `${w.file}: ${w.message}` : w.message),
      progress: (e) => e.phase === 'start' && bar.update(`Reading layer ${e.layer + 1}/${e.layers}…`),
      dockerfile: req.flags.file,
      buildArgs: parseBuildArgs(req.flags.buildArg ?? []),
      manifests: req.flags.manifests,
      ...(req.flags.file ? await adviceSettings(req.flags) : {}),
    });
  } finally {
    bar.done();
    store?.close();
  }

  const { expired } = applyPolicy(report, policy, new Date());
  for (const rule of expired) io.warn(`policy ignore for ${rule.id} expired on ${rule.expires}; it no longer applies`);
  if (req.flags.vex?.length) {
    const { loadVex, applyVex } = await import('../vex/index.js');
    const statements = await loadVex(req.flags.vex);
    const n = applyVex(report, statements);
    io.log(`VEX: ${n} finding(s) marked not affected`);
  }
  if (report.database?.example) io.warn('using an example advisory snapshot, not a full vulnerability database: run `drydock db update` for real scans');

  const filters = { severity, exitCode, ignoreUnfixed: flags.ignoreUnfixed, failOn: flags.failOn };
  const shown = format === 'json' || format === 'cyclonedx' || format === 'spdx' ? report : filterForDisplay(report, filters);
  const text = renderWith(reporter, shown, { color: io.color && !flags.output, width: (io.stdout as NodeJS.WriteStream).columns });
  // synchronously: nothing else is left to run, and the promise version writes a large report in 512 KiB steps
  if (flags.output) writeFileSync(flags.output, text);
  else io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  return evaluateExit(report, filters) ?? EXIT.OK;
}

function parseBuildArgs(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new DrydockError('USAGE', `--build-arg must be KEY=VALUE, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** `--file` turns on attribution and base-image advice (src/advise), with its own layer cache. */
async function adviceSettings(flags: ScanFlags): Promise<Pick<import('../scan/scan-target.js').ScanTargetOptions, 'advice' | 'layerCache'>> {
  const { parseCandidates, layerCacheFor } = await import('./commands/advise.js');
  return {
    advice: { maxCandidates: parseCandidates(flags.adviceCandidates), allowRegistries: flags.allowRegistry, excludeBaseImageVulns: flags.excludeBaseImageVulns },
    layerCache: await layerCacheFor(flags),
  };
}
