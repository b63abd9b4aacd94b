// Flags shared by the scanning commands, named like Trivy's so CI configs translate one to one.
import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { OpenImageOptions } from '../image/types.js';
import { usage } from './io.js';
import { SEVERITIES, type Severity } from '../match/types.js';
import { parsePkgTypes, type PkgType } from '../catalog/pkg-types.js';
import { errorMessage } from '../errors.js';

export interface ImageFlags {
  inputType?: OpenImageOptions['inputType'];
  platform?: string;
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  caFile?: string;
}

export function addImageOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--input-type <type>', 'how to read the argument (default: detected)').choices([
        'docker-archive',
        'oci-archive',
        'oci-layout',
        'rootfs',
        'registry',
      ]),
    )
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image', 'linux/amd64')
    .option('--username <user>', 'registry user name (else Docker config.json credentials)')
    .option('--password <password>', 'registry password (prefer --password-stdin or DRYDOCK_PASSWORD)')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--insecure', 'allow plain HTTP and self-signed certificates for the registry')
    .option('--ca-file <file>', 'extra CA certificates for the registry (also SSL_CERT_FILE)');
}

export function imageOpenOptions(flags: ImageFlags): OpenImageOptions {
  let password = flags.password ?? process.env.DRYDOCK_PASSWORD;
  if (flags.passwordStdin) password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (password !== undefined && !flags.username && !process.env.DRYDOCK_USERNAME) throw usage('--password needs --username');
  return {
    inputType: flags.inputType,
    platform: flags.platform,
    username: flags.username ?? process.env.DRYDOCK_USERNAME,
    password,
    insecure: flags.insecure,
    caFile: flags.caFile ?? process.env.SSL_CERT_FILE,
  };
}

export interface ReportFlags {
  format?: string;
  output?: string;
  severity?: string;
  exitCode?: string;
  ignoreUnfixed?: boolean;
  failOn?: string;
  policy?: string;
  vex?: string[];
  quiet?: boolean;
}

export function addReportOptions(cmd: Command, formats: string[], defaultHelp: string): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format (default: ${defaultHelp})`).choices(formats))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-s, --severity <list>', 'severities to report, e.g. CRITICAL,HIGH (default: all)')
    .option('--exit-code <n>', 'exit code when findings remain after filters (default 0)')
    .option('--ignore-unfixed', 'hide vulnerabilities that have no fixed version yet')
    .option('--fail-on <list>', 'exit with --exit-code (or 1) only for these: critical,high,medium,low,kev')
    .option('--policy <file>', 'policy file with ignores and default flags (default: ./.drydock.yaml)')
    .option('--vex <file>', 'OpenVEX or CycloneDX VEX document (repeatable)', collect, [] as string[])
    .option('-q, --quiet', 'no progress or log lines on standard error');
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseSeverities(list: string | string[] | undefined): Severity[] | undefined {
  if (list === undefined) return undefined;
  const items = (Array.isArray(list) ? list : list.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const s of items) {
    if (!SEVERITIES.includes(s as Severity)) throw usage(`unknown severity "${s}"`, `use some of ${SEVERITIES.join(',')}`);
  }
  return items as Severity[];
}

export function parseExitCode(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw usage(`--exit-code must be an integer 0-255, got "${v}"`);
  return n;
}

/** Where the vulnerability data comes from; shared by every command that matches packages. */
export function addDbOptions(cmd: Command): Command {
  return cmd
    .option('--cache-dir <dir>', 'cache directory (default $XDG_CACHE_HOME/drydock)')
    .option('--db <file>', 'vulnerability database file (default <cache-dir>/db/vulndb.sqlite)')
    .option('--advisories <dir>', 'use the OSV/secdb/KEV files in DIR instead of a database (e.g. examples/advisories)')
    .option('--skip-db-update-warning', 'do not warn when the database is older than 7 days');
}

/** `--pkg-types os,library` (as in Trivy): which package types to inventory and match. */
export function addPkgTypesOption(cmd: Command): Command {
  return cmd.option('--pkg-types <list>', 'package types: os (distro packages), library (language packages), or both', 'os,library');
}

export function parsePkgTypeFlag(list: string | undefined): PkgType[] {
  try {
    return parsePkgTypes(list);
  } catch (e) {
    throw usage(errorMessage(e), 'e.g. --pkg-types os or --pkg-types os,library');
  }
}
