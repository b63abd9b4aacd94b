// Test and bench support (never imported by the CLI): builds a tag family of a "tomcat" image from real
// Alpine minirootfs tars with hand-oci.sh, and pushes it to a local registry with skopeo.
//   8.5.21-jdk8      alpine 3.14.10 + old openssl apk db (1.1.1t-r0) + Tomcat 8.5.21
//   8.5.23-jdk8      alpine 3.14.10 + old openssl + Tomcat 8.5.23
//   8.5.97-jdk8      alpine 3.14.10 + Tomcat 8.5.97
//   9.0.85-jdk8      alpine 3.14.10 + Tomcat 9.0.85
//   8.5.97-jdk8-slim a few files of alpine 3.14.10 (musl only) + Tomcat 8.5.97
//   8.5.97-jdk8-alpine3.14  same layers as 8.5.97-jdk8 (a second alternative to weigh)
//   8.5.99-jdk11, 9.0.80-jdk11  alpine 3.16.9 + Tomcat (another runtime: never a jdk8 upgrade)
//   latest, bookworm-slim       no version: never candidates
//   8.5.21-jdk8-old  what 8.5.21-jdk8 pointed to before its rebuild (for refresh); pushed first
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { makeZip } from '../../test/helpers/make-zip.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HAND_OCI = join(ROOT, 'test/tools/hand-oci.sh');
export const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const ROOTFS_314 = SHARED + 'rootfs/alpine-minirootfs-3.14.10-x86_64.tar.gz';
export const ROOTFS_316 = SHARED + 'rootfs/alpine-minirootfs-3.16.9-x86_64.tar.gz';
export const ADVISORIES = [SHARED + 'alpine-secdb/v3.14-main-partial.json', SHARED + 'osv/tomcat-ghsa'];

export function familyDataMissing(): string | false {
  for (const p of [ROOTFS_314, ROOTFS_316, ...ADVISORIES]) if (!existsSync(p)) return `shared data ${p} not present`;
  return false;
}

export const FAMILY: Record<string, string[]> = {
  '8.5.21-jdk8-old': ['alpine314', 'oldssl', 'tomcat-8.5.21'],
  '8.5.21-jdk8': ['alpine314', 'tomcat-8.5.21'],
  '8.5.23-jdk8': ['alpine314', 'oldssl', 'tomcat-8.5.23'],
  '8.5.97-jdk8': ['alpine314', 'tomcat-8.5.97'],
  '9.0.85-jdk8': ['alpine314', 'tomcat-9.0.85'],
  '8.5.97-jdk8-slim': ['slim314', 'tomcat-8.5.97'],
  '8.5.97-jdk8-alpine3.14': ['alpine314', 'tomcat-8.5.97'],
  '8.5.99-jdk11': ['alpine316', 'tomcat-8.5.99'],
  '9.0.80-jdk11': ['alpine316', 'tomcat-9.0.80'],
  latest: ['alpine316', 'tomcat-9.0.80'],
  'bookworm-slim': ['alpine316', 'tomcat-9.0.80'],
};

async function tarDir(dir: string, out: string): Promise<void> {
  await run('bash', [
    '-c',
    `cd "$1" && tar --sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --mtime=@1700000000 --numeric-owner -cf "$2" $(ls -A)`,
    '_',
    dir,
    out,
  ]);
}

function apkDb(gz: string): string {
  return execFileText('tar', ['-xzOf', gz, './lib/apk/db/installed']);
}

function execFileText(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
}

async function layer(work: string, name: string): Promise<string> {
  const out = join(work, `${name}.tar`);
  if (existsSync(out)) return out;
  const d = join(work, `${name}.d`);
  mkdirSync(d, { recursive: true });
  if (name === 'alpine314' || name === 'alpine316') {
    writeFileSync(out, gunzipSync(readFileSync(name === 'alpine314' ? ROOTFS_314 : ROOTFS_316)));
    return out;
  }
  if (name === 'oldssl') {
    mkdirSync(join(d, 'lib/apk/db'), { recursive: true });
    const db = apkDb(ROOTFS_314).replace(/^(P:(?:libcrypto1\.1|libssl1\.1)\nV:)1\.1\.1t-r2$/gm, '$11.1.1t-r0');
    writeFileSync(join(d, 'lib/apk/db/installed'), db);
  } else if (name === 'slim314') {
    mkdirSync(join(d, 'lib/apk/db'), { recursive: true });
    mkdirSync(join(d, 'etc'), { recursive: true });
    const musl = apkDb(ROOTFS_314).split('\n\n').filter((e) => /^P:musl$/m.test(e));
    writeFileSync(join(d, 'lib/apk/db/installed'), musl.join('\n\n') + '\n\n');
    writeFileSync(join(d, 'etc/os-release'), execFileText('tar', ['-xzOf', ROOTFS_314, './etc/os-release']));
    writeFileSync(join(d, 'etc/alpine-release'), '3.14.10\n');
  } else if (name.startsWith('tomcat-')) {
    const v = name.slice(7);
    const lib = join(d, 'usr/local/tomcat/lib');
    mkdirSync(lib, { recursive: true });
    const manifest = `Manifest-Version: 1.0\nSpecification-Title: Apache Tomcat\nSpecification-Version: ${v.split('.').slice(0, 2).join('.')}\nImplementation-Title: Apache Tomcat\nImplementation-Version: ${v}\nImplementation-Vendor: Apache Software Foundation\n\n`;
    writeFileSync(
      join(lib, 'catalina.jar'),
      makeZip([
        { name: 'META-INF/MANIFEST.MF', data: manifest },
        { name: 'org/apache/catalina/startup/Bootstrap.class', data: Buffer.from('cafebabe00000033', 'hex') },
      ]),
    );
    writeFileSync(join(d, 'usr/local/tomcat/RELEASE-NOTES'), `Apache Tomcat Version ${v}\n`);
  } else {
    throw new Error(`unknown layer ${name}`);
  }
  await tarDir(d, out);
  return out;
}

export const FAMILY_CACHE = join(ROOT, '.cache/advise-family');

/**
 * Builds the tags into `<work>/oci` once (hand-oci gzips the 6 MB rootfs per tag: ~20 s on 2 busy cores),
 * then reuses it; built in a temp dir and renamed so parallel test files never see half a layout.
 * Returns tag -> manifest digest.
 */
export async function buildFamily(work = FAMILY_CACHE, tags: Record<string, string[]> = FAMILY): Promise<{ layout: string; digests: Record<string, string> }> {
  const layout = join(work, 'oci');
  const existing = readLayoutTags(layout);
  if (existing && Object.keys(tags).every((t) => existing[t])) return { layout, digests: existing };
  const tmp = `${work}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  for (const [tag, layers] of Object.entries(tags)) {
    const tars: string[] = [];
    for (const l of layers) tars.push(await layer(tmp, l));
    await run('bash', [HAND_OCI, join(tmp, 'oci'), tag, ...tars], { env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  }
  rmSync(work, { recursive: true, force: true });
  try {
    renameSync(tmp, work);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process won the race: use its layout
  }
  return { layout, digests: readLayoutTags(layout) ?? {} };
}

function readLayoutTags(layout: string): Record<string, string> | undefined {
  try {
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
    const out: Record<string, string> = {};
    for (const m of index.manifests) {
      const name = m.annotations?.['org.opencontainers.image.ref.name'];
      if (name) out[name] = m.digest;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** skopeo copy oci:LAYOUT:TAG docker://HOST/REPO:DEST for each [tag, dest] in order. */
export async function pushTags(layout: string, host: string, repo: string, pairs: [string, string][]): Promise<void> {
  for (const [tag, dest] of pairs) {
    await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', '--preserve-digests', `oci:${layout}:${tag}`, `docker://${host}/${repo}:${dest}`], {
      timeout: 60_000,
    });
  }
}

/** The family as a registry holds it after the rebuild of 8.5.21-jdk8: the old build is pushed first. */
export function familyPushOrder(): [string, string][] {
  return Object.keys(FAMILY).map((t) => [t, t === '8.5.21-jdk8-old' ? '8.5.21-jdk8' : t] as [string, string]);
}
