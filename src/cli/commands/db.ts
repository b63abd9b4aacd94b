import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { usage } from '../io.js';
import { progress } from '../progress.js';
import { imageOpenOptions, type ImageFlags } from '../options.js';
import { escapeControls } from '../../report/terminal-text.js';

interface DbFlags {
  cacheDir?: string;
  db?: string;
}

async function dbPathOf(flags: DbFlags): Promise<string> {
  const { defaultDbPath } = await import('../../vulndb/paths.js');
  return flags.db ?? defaultDbPath(flags.cacheDir);
}

function age(builtAt: string | undefined, now = Date.now()): string {
  if (!builtAt) return 'unknown';
  const h = (now - Date.parse(builtAt)) / 3_600_000;
  return h < 48 ? `${Math.max(0, Math.round(h))} h` : `${Math.floor(h / 24)} days`;
}

export function registerDb(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const db = program.command('db').description('Manage the local vulnerability database (OSV, Alpine secdb, CISA KEV, EPSS)');
  const common = (c: Command) =>
    c.option('--cache-dir <dir>', 'cache directory (default $XDG_CACHE_HOME/drydock)').option('--db <file>', 'database file (overrides --cache-dir)');

  common(
    db
      .command('import')
      .description('Import advisories from files: OSV JSON/YAML files or directories, OSV export zips, Alpine secdb, KEV JSON, EPSS CSV')
      .argument('<path...>'),
  ).action(async (paths: string[], flags: DbFlags) => {
    const { VulnStoreWriter } = await import('../../vulndb/writer.js');
    const { importPaths } = await import('../../vulndb/import/index.js');
    const path = await dbPathOf(flags);
    const bar = progress(io);
    const w = VulnStoreWriter.open(path);
    try {
      const s = await importPaths(w, paths, {
        warn: (x) => io.warn(x.file ? `${x.file}: ${x.message}` : x.message),
        onProgress: (n) => bar.update(`importing… ${n} advisories`),
      });
      bar.done();
      w.commit();
      io.log(`imported ${s.records} advisories${s.kev ? `, ${s.kev} KEV entries` : ''}${s.epss ? `, ${s.epss} EPSS scores` : ''} into ${path}`);
      if (s.warnings.length) io.log(`${s.warnings.length} warning(s); records with problems were skipped`);
    } catch (e) {
      bar.done();
      w.abort();
      throw e;
    }
  });

  common(db.command('status').description('Show the database sources, record counts and age'))
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: DbFlags & { format: string }) => {
      if (flags.format !== 'table' && flags.format !== 'json') throw usage(`unknown format "${flags.format}"`, 'use table or json');
      const { openVulnStore } = await import('../../vulndb/store.js');
      const { dbAgeWarning } = await import('../../vulndb/paths.js');
      const path = await dbPathOf(flags);
      const store = openVulnStore(path);
      try {
        const meta = store.metadata();
        const counts = store.counts();
        const warning = dbAgeWarning(store);
        if (flags.format === 'json') {
          io.stdout.write(JSON.stringify({ path, ...meta, counts, age: age(meta.builtAt), stale: !!warning }, null, 2) + '\n');
          return;
        }
        const lines = [
          `database: ${path}${meta.example ? '  (example advisory snapshot — not a real database)' : ''}`,
          `schema:   ${meta.schemaVersion}`,
          `built:    ${meta.builtAt ?? 'unknown'} (${age(meta.builtAt)} ago)`,
          `records:  ${counts.vulns} advisories, ${counts.affected} package entries, ${counts.kev} KEV, ${counts.epss} EPSS`,
          '',
          'source'.padEnd(18) + 'kind'.padEnd(14) + 'records'.padStart(9) + '  fetched'.padEnd(24) + '  modified',
          ...meta.sources.map(
            (s) => s.name.padEnd(18) + s.kind.padEnd(14) + String(s.records).padStart(9) + `  ${(s.fetchedAt ?? '').slice(0, 19)}`.padEnd(24) + `  ${s.modifiedAt ?? s.lastModifiedHeader ?? ''}`,
          ),
        ];
        // source names and dates come from the database file, which may have been pulled from a mirror
        io.stdout.write(escapeControls(lines.join('\n'), true) + '\n');
        if (warning) io.warn(warning);
      } finally {
        store.close();
      }
    });

  const update = common(db.command('update').description('Download the advisory feeds and rebuild the database (atomic: a failed update keeps the old one)'))
    .option('--ecosystem <name...>', 'OSV ecosystems to fetch (default: those in the database, else a common set)')
    .option('--mirror <url>', 'fetch from a mirror with the same layout (or DRYDOCK_DB_MIRROR)')
    .option('--skip-epss', 'do not download EPSS scores')
    .option('--db-repository <ref>', 'pull a prebuilt database published as an OCI artifact (e.g. registry.example:5000/drydock/db:1) instead of the feeds')
  registryOptions(update).action(async (flags: DbFlags & RegistryFlags & { ecosystem?: string[]; mirror?: string; skipEpss?: boolean; dbRepository?: string }) => {
      if (flags.dbRepository) {
        if (flags.ecosystem || flags.mirror || flags.skipEpss) throw usage('--db-repository cannot be combined with --ecosystem, --mirror or --skip-epss');
        const { pullDatabase } = await import('../../vulndb/oci.js');
        const path = await dbPathOf(flags);
        const bar = progress(io);
        try {
          const r = await pullDatabase(flags.dbRepository, path, { ...registryOpts(flags), onProgress: (t) => bar.update(t) });
          bar.done();
          io.log(`database pulled from ${r.reference} (${r.manifestDigest}, ${(r.bytes / 1e6).toFixed(1)} MB) → ${path}`);
        } finally {
          bar.done();
        }
        return;
      }
      if (flags.username || flags.password || flags.passwordStdin || flags.insecure || flags.caFile) throw usage('registry options need --db-repository');
      const { updateDatabase } = await import('../../vulndb/update.js');
      const path = await dbPathOf(flags);
      const bar = progress(io);
      try {
        const r = await updateDatabase({
          dbPath: path,
          mirror: flags.mirror ?? process.env.DRYDOCK_DB_MIRROR,
          ecosystems: flags.ecosystem,
          skipEpss: flags.skipEpss,
          onProgress: (t) => bar.update(t),
          warn: (x) => io.warn(x.file ? `${x.file}: ${x.message}` : x.message),
        });
        bar.done();
        if (r.rebuilt) io.log(`database updated: ${r.records} advisories (${r.downloaded.length} feed(s) downloaded, ${r.notModified.length} unchanged) → ${path}`);
        else io.log(`database is up to date (${r.notModified.length} feed(s) unchanged): ${path}`);
      } finally {
        bar.done();
      }
    });

  registryOptions(
    common(db.command('publish').description('Push the local database to a registry as an OCI artifact (pull it with `db update --db-repository`)')).requiredOption(
      '--db-repository <ref>',
      'where to push, e.g. registry.example:5000/drydock/db:1',
    ),
  )
    .option('--compression <kind>', 'layer compression: zstd, gzip or none', 'zstd')
    .action(async (flags: DbFlags & RegistryFlags & { dbRepository: string; compression: string }) => {
      if (!['zstd', 'gzip', 'none'].includes(flags.compression)) throw usage(`unknown compression "${flags.compression}"`, 'use zstd, gzip or none');
      const { publishDatabase } = await import('../../vulndb/oci.js');
      const path = await dbPathOf(flags);
      const r = await publishDatabase(flags.dbRepository, path, { ...registryOpts(flags), compression: flags.compression as 'zstd' | 'gzip' | 'none' });
      io.log(`published ${path} to ${r.reference} (${r.digest}, layer ${(r.layerBytes / 1e6).toFixed(1)} MB)`);
    });
}

type RegistryFlags = Pick<ImageFlags, 'username' | 'password' | 'passwordStdin' | 'insecure' | 'caFile'>;

function registryOptions(c: Command): Command {
  return c
    .option('--username <user>', 'registry user name (else Docker config.json credentials)')
    .option('--password <password>', 'registry password (prefer --password-stdin or DRYDOCK_PASSWORD)')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--insecure', 'allow plain HTTP and self-signed certificates for the registry')
    .option('--ca-file <file>', 'extra CA certificates for the registry (also SSL_CERT_FILE)');
}

function registryOpts(flags: RegistryFlags) {
  const o = imageOpenOptions(flags);
  return { username: o.username, password: o.password, insecure: o.insecure, caFile: o.caFile };
}
