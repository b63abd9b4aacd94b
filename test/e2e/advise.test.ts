// End to end: base-image advice through the real CLI (`drydock advise`, `drydock image --file`, `drydock fix`)
// against the tag family of src/advise/test-family.ts in a local registry (plain HTTP: --insecure), with a
// database imported from the real advisories by `drydock db import`. Every expected count comes from an
// independent `drydock image <tag> --scanners vuln` of the same tag, never from constants.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { startRegistry, type TestRegistry } from '../helpers/registry.js';
import { rawTar } from '../helpers/raw-tar.js';
import { makeZip } from '../helpers/make-zip.js';
import { FAMILY, buildFamily, familyDataMissing, familyPushOrder, pushTags } from '../../src/advise/test-family.js';
import { DATA_SKIP, buildDb, drydock, removeDir, show, tempDir, type CliResult } from './cli.js';

const run = promisify(execFile);

function toolMissing(): string | false {
  for (const t of ['skopeo', 'docker-registry']) {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    } catch {
      return `${t} not installed (needed for the local registry)`;
    }
  }
  return false;
}

const skip = DATA_SKIP || familyDataMissing() || toolMissing();

const REPO = 'lib/tomcat';
const APP_REPO = 'team/app';
const BASE_TAG = '8.5.21-jdk8';
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

interface Counts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  total: number;
}
interface Recommendation {
  kind: string;
  image: string;
  tag?: string;
  digest?: string;
  counts: Counts;
  reasons: string[];
}
interface AdviceJson {
  base: { image: string; counts: Counts };
  recommendations: Recommendation[];
  summary: string[];
}
interface Finding {
  id: string;
  severity: string;
  suppressed?: unknown;
  package: { name: string; purl: string; locations: { path: string; layerIndex?: number }[] };
  attribution?: { kind: string; line?: number; image?: string; instruction?: string };
}
interface ScanJson {
  findings: Finding[];
  advice?: AdviceJson;
}

/** counts by severity, counted here from a scan's findings (suppressed ones left out, as advice does) */
function count(findings: Finding[]): Counts {
  const c: Counts = { critical: 0, high: 0, medium: 0, low: 0, total: 0 };
  for (const f of findings) {
    if (f.suppressed) continue;
    const s = f.severity.toLowerCase();
    if ((SEVERITIES as readonly string[]).includes(s)) c[s as (typeof SEVERITIES)[number]]++;
    c.total++;
  }
  return c;
}
const pick = (c: Counts): Counts => ({ critical: c.critical, high: c.high, medium: c.medium, low: c.low, total: c.total });
const key = (f: Finding) => `${f.id} ${f.package.purl} ${f.package.locations[0]?.path}`;

/** The newest `8.5.<patch>-jdk8` tag of the family (what the minor upgrade must be). */
function newestMinor(): string {
  const tags = Object.keys(FAMILY).filter((t) => /^8\.5\.\d+-jdk8$/.test(t));
  tags.sort((a, b) => Number(a.split('.')[2].split('-')[0]) - Number(b.split('.')[2].split('-')[0]));
  return tags[tags.length - 1];
}

function sha256(b: Buffer): string {
  return 'sha256:' + createHash('sha256').update(b).digest('hex');
}

/**
 * An "application" image built on BASE_TAG: the base's layers plus one layer (the Dockerfile's COPY) that brings
 * its own copy of Tomcat 8.5.21's catalina.jar, so findings come from both the base and an instruction.
 * Written as a one-tag OCI layout in `dir`; returns the layout path.
 */
function buildAppLayout(familyLayout: string, dir: string): string {
  const blob = (d: string) => readFileSync(join(familyLayout, 'blobs/sha256', d.slice(7)));
  const famIndex = JSON.parse(readFileSync(join(familyLayout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const baseDesc = famIndex.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === BASE_TAG);
  assert.ok(baseDesc, `${BASE_TAG} in the family layout`);
  const manifest = JSON.parse(blob(baseDesc.digest).toString()) as { config: { digest: string; size: number; mediaType: string }; layers: { digest: string; size: number; mediaType: string }[] };
  const config = JSON.parse(blob(manifest.config.digest).toString()) as { rootfs: { diff_ids: string[] }; history?: { created_by: string }[] };

  const layout = join(dir, 'app-oci');
  mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
  const put = (b: Buffer): string => {
    const d = sha256(b);
    writeFileSync(join(layout, 'blobs/sha256', d.slice(7)), b);
    return d;
  };
  for (const l of manifest.layers) copyFileSync(join(familyLayout, 'blobs/sha256', l.digest.slice(7)), join(layout, 'blobs/sha256', l.digest.slice(7)));

  const jar = makeZip([
    {
      name: 'META-INF/MANIFEST.MF',
      data: 'Manifest-Version: 1.0\nImplementation-Title: Apache Tomcat\nImplementation-Version: 8.5.21\nImplementation-Vendor: Apache Software Foundation\n\n',
    },
    { name: 'org/apache/catalina/startup/Bootstrap.class', data: Buffer.from('cafebabe00000033', 'hex') },
  ]);
  const tar = rawTar([
    { name: 'app/', type: '5', mode: 0o755 },
    { name: 'app/lib/', type: '5', mode: 0o755 },
    { name: 'app/lib/catalina.jar', data: jar, mode: 0o644 },
  ]);
  const gz = gzipSync(tar);
  const layerDigest = put(gz);
  config.rootfs.diff_ids.push(sha256(tar));
  config.history?.push({ created_by: 'COPY app/ /app/' });
  const configBytes = Buffer.from(JSON.stringify(config));
  const newManifest = {
    ...manifest,
    config: { ...manifest.config, digest: put(configBytes), size: configBytes.length },
    layers: [...manifest.layers, { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: gz.length }],
  };
  const mBytes = Buffer.from(JSON.stringify(newManifest));
  const mDigest = put(mBytes);
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: mDigest, size: mBytes.length, annotations: { 'org.opencontainers.image.ref.name': 'app' } }],
    }),
  );
  return layout;
}

describe('drydock advise / image --file / fix over a local registry', { skip }, () => {
  let reg: TestRegistry;
  let tmp: string;
  let db: string;
  let cacheDir: string;
  let dockerfile: string;
  /** line numbers in `dockerfile` */
  const FROM_LINE = 3;
  const COPY_LINE = 5;
  let lines: string[];
  const ref = (tag: string) => `${reg.host}/${REPO}:${tag}`;
  const common = () => ['--db', db, '--insecure', '--cache-dir', cacheDir, '--skip-db-update-warning'];

  before(async () => {
    tmp = tempDir('advise');
    cacheDir = join(tmp, 'cache');
    const [fam, registry] = await Promise.all([buildFamily(), startRegistry()]);
    reg = registry;
    const appLayout = buildAppLayout(fam.layout, tmp);
    [db] = await Promise.all([buildDb(tmp), pushTags(fam.layout, reg.host, REPO, familyPushOrder()).then(() => pushTags(appLayout, reg.host, APP_REPO, [['app', '1.0']]))]);
    lines = [
      '# syntax=docker/dockerfile:1',
      '# the runtime image: keep this comment',
      `FROM ${ref(BASE_TAG)} AS runtime`,
      'ENV CATALINA_HOME=/usr/local/tomcat',
      'COPY app/ /app/',
      'EXPOSE 8080',
      'CMD ["catalina.sh", "run"]',
      '',
    ];
    dockerfile = join(tmp, 'Dockerfile');
    writeFileSync(dockerfile, lines.join('\n'));
  });
  after(async () => {
    await reg?.stop();
    removeDir(tmp);
  });

  // independent scans: plain `drydock image <tag> --scanners vuln`, no Dockerfile, no advice code
  const scans = new Map<string, Promise<ScanJson>>();
  function scanTag(tag: string): Promise<ScanJson> {
    let p = scans.get(tag);
    if (!p) {
      p = drydock(['image', ref(tag), '--scanners', 'vuln', '--format', 'json', '--quiet', '--no-progress', ...common()]).then((r) => {
        assert.equal(r.code, 0, `scan of ${tag}: ${show(r)}`);
        return JSON.parse(r.stdout) as ScanJson;
      });
      scans.set(tag, p);
    }
    return p;
  }

  let adviceJson: Promise<CliResult> | undefined;
  const advise = () => (adviceJson ??= drydock(['advise', '--file', dockerfile, '--format', 'json', '--quiet', ...common()]));

  test('advise --format json: base and recommendation counts equal independent scans; minor is the newest 8.5 jdk8 tag', async () => {
    const r = await advise();
    assert.equal(r.code, 0, show(r));
    const a = JSON.parse(r.stdout) as AdviceJson;
    assert.equal(a.base.image, ref(BASE_TAG));
    for (const k of [...SEVERITIES, 'total'] as const) assert.equal(typeof a.base.counts[k], 'number', `base.counts.${k}`);

    const kinds = a.recommendations.map((x) => x.kind);
    assert.ok(kinds.length > 0, 'some recommendation');
    for (const k of kinds) assert.ok(['minor', 'major', 'alternative'].includes(k), `kind ${k} (unpinned base: no refresh)`);
    assert.equal(new Set(kinds).size, kinds.length, `one recommendation per kind: ${kinds.join(',')}`);
    const minor = a.recommendations.find((x) => x.kind === 'minor');
    assert.ok(minor, `a minor recommendation among ${kinds.join(',')}`);
    assert.equal(minor.image, ref(newestMinor()));
    for (const x of a.recommendations) {
      assert.doesNotMatch(x.image, /jdk11/, `${x.kind} is another runtime`);
      assert.ok(x.image.startsWith(`${reg.host}/${REPO}:`), x.image);
      assert.ok(Array.isArray(x.reasons) && x.reasons.length > 0 && x.reasons.every((s) => typeof s === 'string' && s.length > 0), `${x.kind} reasons`);
    }

    const baseScan = await scanTag(BASE_TAG);
    const baseCounts = count(baseScan.findings);
    assert.ok(baseCounts.total > 0, 'the old base has vulnerabilities (else the comparisons below prove little)');
    assert.deepEqual(pick(a.base.counts), baseCounts, 'base counts = drydock image of the base tag');
    const recScans = await Promise.all(a.recommendations.map((x) => scanTag(x.image.slice(x.image.lastIndexOf(':') + 1))));
    a.recommendations.forEach((x, i) => assert.deepEqual(pick(x.counts), count(recScans[i].findings), `${x.kind} ${x.image} counts`));
    assert.ok(minor.counts.total < baseCounts.total, 'the minor upgrade fixes something');
  });

  test('advise table: "Base image … has N vulnerabilities" with N from the independent scan', async () => {
    const [r, baseScan] = await Promise.all([drydock(['advise', '--file', dockerfile, '--quiet', ...common()]), scanTag(BASE_TAG)]);
    assert.equal(r.code, 0, show(r));
    const m = /Base image (\S+) has (\d+) vulnerabilities/.exec(r.stdout);
    assert.ok(m, `wording in:\n${r.stdout}`);
    assert.equal(m[1], ref(BASE_TAG));
    assert.equal(Number(m[2]), count(baseScan.findings).total);
    assert.match(r.stdout, new RegExp(`minor\\s+${ref(newestMinor()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`), 'the table lists the minor upgrade');
  });

  test('image --file: advice in the report, findings attributed to the base or the COPY line; --exclude-base-image-vulns drops the base ones', async () => {
    const app = `${reg.host}/${APP_REPO}:1.0`;
    const args = ['image', app, '--file', dockerfile, '--scanners', 'vuln', '--format', 'json', '--quiet', '--no-progress', ...common()];
    const [full, excl, baseScan] = await Promise.all([drydock(args), drydock([...args, '--exclude-base-image-vulns']), scanTag(BASE_TAG)]);
    assert.equal(full.code, 0, show(full));
    assert.equal(excl.code, 0, show(excl));
    const report = JSON.parse(full.stdout) as ScanJson;
    assert.ok(report.advice, 'advice in the report');
    assert.equal(report.advice.base.image, ref(BASE_TAG));
    assert.deepEqual(pick(report.advice.base.counts), count(baseScan.findings));
    assert.equal(report.advice.recommendations.find((x) => x.kind === 'minor')?.image, ref(newestMinor()));

    const unattributed = report.findings.filter((f) => !f.attribution).map(key);
    assert.deepEqual(unattributed, [], 'every finding attributed');
    const base = report.findings.filter((f) => f.attribution?.kind === 'base');
    const ins = report.findings.filter((f) => f.attribution?.kind === 'instruction');
    assert.equal(base.length + ins.length, report.findings.length, 'only base/instruction attributions');
    assert.ok(ins.length > 0, 'the COPY layer brings findings');
    for (const f of base) {
      assert.equal(f.attribution?.line, FROM_LINE, key(f));
      assert.notEqual(f.package.locations[0]?.layerIndex, 2, `${key(f)} is in the app layer`);
    }
    for (const f of ins) {
      assert.equal(f.attribution?.line, COPY_LINE, key(f));
      assert.equal(f.attribution?.instruction, 'COPY app/ /app/');
      assert.ok(f.package.locations[0]?.path.startsWith('/app/') || f.package.locations[0]?.path.startsWith('app/'), key(f));
    }
    // the base's findings are exactly what a scan of the base image alone finds
    assert.deepEqual(base.map(key).sort(), baseScan.findings.map(key).sort());

    const without = JSON.parse(excl.stdout) as ScanJson;
    assert.ok(without.findings.length > 0, 'instruction findings remain');
    assert.ok(without.findings.every((f) => f.attribution?.kind === 'instruction'), 'no base finding left');
    assert.deepEqual(without.findings.map(key).sort(), ins.map(key).sort());
  });

  test('fix --to minor: --dry-run prints a diff of the FROM line only; the write changes that line only (CRLF kept); --pin-digest pins the registry digest', async () => {
    const minorTag = newestMinor();
    // LF copy: dry run
    const dry = join(tmp, 'fix-dry', 'Dockerfile');
    mkdirSync(join(tmp, 'fix-dry'));
    copyFileSync(dockerfile, dry);
    const before = readFileSync(dry);
    // CRLF copy: written in place
    const crlf = join(tmp, 'fix-crlf', 'Dockerfile');
    mkdirSync(join(tmp, 'fix-crlf'));
    const crlfText = lines.join('\r\n');
    writeFileSync(crlf, crlfText);
    // pinned
    const pinned = join(tmp, 'fix-pin', 'Dockerfile');
    mkdirSync(join(tmp, 'fix-pin'));
    copyFileSync(dockerfile, pinned);

    const fix = (file: string, extra: string[] = []) => drydock(['fix', '--file', file, '--to', 'minor', '--quiet', ...extra, ...common()]);
    const [d, w, p, inspect] = await Promise.all([
      fix(dry, ['--dry-run']),
      fix(crlf),
      fix(pinned, ['--pin-digest']),
      run('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${ref(minorTag)}`], { timeout: 30_000 }),
    ]);

    assert.equal(d.code, 0, show(d));
    assert.deepEqual(readFileSync(dry), before, '--dry-run leaves the file alone');
    const diff = d.stdout.split('\n');
    assert.match(d.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    const changed = diff.filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
    assert.deepEqual(changed, [`-${lines[FROM_LINE - 1]}`, `+FROM ${ref(minorTag)} AS runtime`]);
    // context lines are the file's own lines
    for (const l of diff.filter((x) => x.startsWith(' '))) assert.ok(lines.includes(l.slice(1)), `context ${JSON.stringify(l)}`);

    assert.equal(w.code, 0, show(w));
    const after = readFileSync(crlf, 'utf8');
    const a = after.split('\n');
    const b = crlfText.split('\n');
    assert.equal(a.length, b.length, 'same number of lines');
    a.forEach((l, i) => (i === FROM_LINE - 1 ? assert.equal(l, `FROM ${ref(minorTag)} AS runtime\r`) : assert.equal(l, b[i], `line ${i + 1} unchanged`)));
    assert.equal(after.replace(a[FROM_LINE - 1], b[FROM_LINE - 1]), crlfText, 'byte-identical apart from the FROM line');

    assert.equal(p.code, 0, show(p));
    const digest = inspect.stdout.trim();
    assert.match(digest, /^sha256:[a-f0-9]{64}$/);
    const pl = readFileSync(pinned, 'utf8').split('\n');
    assert.equal(pl[FROM_LINE - 1], `FROM ${ref(minorTag)}@${digest} AS runtime`);
    pl.forEach((l, i) => i !== FROM_LINE - 1 && assert.equal(l, lines[i], `line ${i + 1} unchanged`));
  });

  test('a base that cannot be resolved (FROM $UNSET_ARG): exit 2 with a clear message', async () => {
    const bad = join(tmp, 'Dockerfile.unset');
    writeFileSync(bad, 'ARG UNSET_ARG\nFROM $UNSET_ARG\nRUN true\n');
    const [a, f] = await Promise.all([
      drydock(['advise', '--file', bad, '--format', 'json', ...common()]),
      drydock(['fix', '--file', bad, '--dry-run', ...common()]),
    ]);
    for (const r of [a, f]) {
      assert.equal(r.code, 2, show(r));
      assert.equal(r.stdout, '', 'nothing on stdout');
      const first = r.stderr.split('\n')[0];
      // names the file and line, the FROM, and the ARG without a value
      assert.match(first, /^drydock: .*Dockerfile\.unset:2: cannot resolve the base image "FROM \$UNSET_ARG": ARG UNSET_ARG has no value$/, r.stderr);
      assert.match(r.stderr, /hint: .*--build-arg/, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(r.stderr, /internal error/i);
    }
    assert.equal(readFileSync(bad, 'utf8'), 'ARG UNSET_ARG\nFROM $UNSET_ARG\nRUN true\n');
  });
});
