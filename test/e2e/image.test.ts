// End to end: `drydock image` through the real CLI with a database imported from real advisories
// (GHSA for Tomcat, Debian DSA/DLA, Alpine secdb, CISA KEV): findings, exit codes, policy, VEX, output hygiene.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sarifValidator } from '../helpers/report-fixtures.js';
import { ANSI, BIN, DATA, DATA_SKIP, IMAGES, IMAGES_SKIP, ROOT, buildDb, drydock, removeDir, show, tempDir } from './cli.js';

interface Finding {
  id: string;
  aliases?: string[];
  package: { name: string; purl: string };
  installedVersion: string;
  fixedVersion?: string;
  severity: string;
  kev?: { dateAdded: string };
  suppressed?: { by: string; reason?: string };
}
interface Report {
  findings: Finding[];
  targets?: { packages: { purl: string }[] }[];
}

const KEV = JSON.parse(readFileSync(join(DATA, 'kev/known_exploited_vulnerabilities.json'), 'utf8')) as {
  vulnerabilities: { cveID: string; dateAdded: string }[];
};
/** GHSA-xjgh-84hx-56c5 = CVE-2017-12617: the real advisory's fixed version for the 8.5 line */
function tomcatFixed(): string {
  const osv = JSON.parse(readFileSync(join(DATA, 'osv/tomcat-ghsa/GHSA-xjgh-84hx-56c5.json'), 'utf8')) as {
    affected: { ranges?: { events: { introduced?: string; fixed?: string }[] }[] }[];
  };
  const fixed = osv.affected.flatMap((a) => (a.ranges ?? []).flatMap((r) => r.events.map((e) => e.fixed))).filter((f): f is string => !!f);
  const f = fixed.find((v) => v.startsWith('8.5.'));
  assert.ok(f, `8.5 fix in ${fixed.join(',')}`);
  return f;
}

const skip = DATA_SKIP || IMAGES_SKIP;

// one database for the whole file
let dbDir: string | undefined;
let dbPromise: Promise<string> | undefined;
function sharedDb(): Promise<string> {
  dbDir ??= tempDir('image-db');
  return (dbPromise ??= buildDb(dbDir));
}
after(() => removeDir(dbDir));

describe('drydock image: tomcat-root docker-archive with a real database', { skip }, () => {
  let tmp: string;
  let db: string;
  /** `--format json --quiet`, no policy */
  let baseline: Report;
  const archive = join(IMAGES, 'archives/tomcat-root.docker.tar');
  const scan = (args: string[], opts: Parameters<typeof drydock>[1] = {}) =>
    drydock(['image', archive, '--db', db, '--no-progress', ...args], { cwd: tmp, ...opts });

  before(async () => {
    tmp = tempDir('image');
    db = await sharedDb();
    const r = await scan(['--format', 'json', '--quiet']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stderr, '', '--quiet: nothing on stderr');
    // stdout holds only the report: the whole of it parses as one JSON document
    baseline = JSON.parse(r.stdout) as Report;
  });
  after(() => removeDir(tmp));

  test('CVE-2017-12617 on Tomcat 8.5.21: flagged KEV, fixed in the advisory’s version', () => {
    const report = baseline;
    const f = report.findings.find((x) => x.id === 'CVE-2017-12617' || x.aliases?.includes('CVE-2017-12617'));
    assert.ok(f, `CVE-2017-12617 in ${report.findings.map((x) => x.id).join(',')}`);
    assert.equal(f.installedVersion, '8.5.21');
    assert.equal(f.fixedVersion, tomcatFixed());
    assert.equal(f.fixedVersion, '8.5.23');
    const kev = KEV.vulnerabilities.find((v) => v.cveID === 'CVE-2017-12617');
    assert.ok(kev, 'CVE-2017-12617 is in the KEV catalog');
    assert.equal(f.kev?.dateAdded, kev.dateAdded);
    assert.ok(f.aliases?.includes('GHSA-xjgh-84hx-56c5') || f.id === 'GHSA-xjgh-84hx-56c5');
    // every finding flagged KEV is really in the catalog, and every catalogued CVE found is flagged
    const catalogued = new Set(KEV.vulnerabilities.map((v) => v.cveID));
    for (const x of report.findings) {
      const cves = [x.id, ...(x.aliases ?? [])].filter((i) => i.startsWith('CVE-'));
      assert.equal(Boolean(x.kev), cves.some((c) => catalogued.has(c)), `${x.id} KEV flag`);
    }
  });

  test('--format sarif validates against SARIF 2.1.0 and carries the finding', async () => {
    const r = await scan(['--format', 'sarif']);
    assert.equal(r.code, 0, show(r));
    const doc = JSON.parse(r.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    sarifValidator()(doc);
    assert.equal(doc.version, '2.1.0');
    assert.ok(doc.runs[0].results.some((x) => x.ruleId === 'CVE-2017-12617'), 'SARIF result for CVE-2017-12617');
  });

  test('--pkg-types splits packages and findings into distro and language ones, as in the full scan', async () => {
    const key = (f: Finding) => `${f.id} ${f.package.purl}`;
    const purls = (r: Report) => (r.targets ?? []).flatMap((t) => t.packages.map((p) => p.purl));
    const part = async (types: string): Promise<Report> => {
      const r = await scan(['--pkg-types', types, '--scanners', 'vuln', '--format', 'json', '--quiet']);
      assert.equal(r.code, 0, show(r));
      return JSON.parse(r.stdout) as Report;
    };
    const os = await part('os');
    const lib = await part('library');
    const all = purls(baseline);
    assert.ok(purls(os).length > 50 && purls(os).every((p) => p.startsWith('pkg:deb/')), 'os: Debian packages only');
    assert.deepEqual(purls(os).sort(), all.filter((p) => p.startsWith('pkg:deb/')).sort());
    assert.ok(purls(lib).includes('pkg:maven/org.apache.tomcat/tomcat@8.5.21'), 'library: the Tomcat installation');
    assert.deepEqual(purls(lib).sort(), all.filter((p) => !p.startsWith('pkg:deb/')).sort());
    assert.ok(lib.findings.some((f) => key(f) === 'CVE-2017-12617 pkg:maven/org.apache.tomcat/tomcat@8.5.21'));
    assert.deepEqual([...os.findings, ...lib.findings].map(key).sort(), baseline.findings.map(key).sort());
    const bad = await scan(['--pkg-types', 'os,lang']);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /unknown package type "lang".*\n.*--pkg-types os/s);
  });

  test('--severity CRITICAL --exit-code 5 exits 0 when no critical finding remains', async () => {
    const all = baseline;
    const critical = all.findings.filter((f) => f.severity === 'CRITICAL');
    const r = await scan(['--severity', 'CRITICAL', '--exit-code', '5', '--scanners', 'vuln', '--quiet']);
    assert.equal(r.code, critical.length === 0 ? 0 : 5, show(r));
    // and the same flags exit 5 for a severity that is there
    assert.ok(all.findings.some((f) => f.severity === 'HIGH'));
    const high = await scan(['--severity', 'HIGH', '--exit-code', '5', '--scanners', 'vuln', '--quiet']);
    assert.equal(high.code, 5, show(high));
  });

  test('--fail-on kev --exit-code 3 exits 3', async () => {
    const r = await scan(['--fail-on', 'kev', '--exit-code', '3', '--quiet', '--scanners', 'vuln']);
    assert.equal(r.code, 3, show(r));
    assert.equal(r.stderr, '');
  });

  test('a policy ignore with a reason suppresses it: exit 0, the JSON keeps the finding as suppressed', async () => {
    const dir = join(tmp, 'policy-ok');
    mkdirSync(dir);
    writeFileSync(join(dir, '.drydock.yaml'), 'ignore:\n  - id: CVE-2017-12617\n    reason: PUT is disabled in web.xml\n    expires: 2999-01-31\n');
    const r = await scan(['--fail-on', 'kev', '--exit-code', '3', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, show(r));
    const f = (JSON.parse(r.stdout) as Report).findings.find((x) => x.id === 'CVE-2017-12617');
    assert.ok(f, 'the ignored finding stays in the JSON');
    assert.ok(f.suppressed, 'marked suppressed');
    assert.equal(f.suppressed.reason, 'PUT is disabled in web.xml');
  });

  test('an expired ignore is reported on stderr and does not apply', async () => {
    const dir = join(tmp, 'policy-expired');
    mkdirSync(dir);
    writeFileSync(join(dir, '.drydock.yaml'), 'ignore:\n  - id: CVE-2017-12617\n    reason: PUT is disabled\n    expires: 2020-01-31\n');
    const r = await scan(['--fail-on', 'kev', '--exit-code', '3', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /CVE-2017-12617/);
    assert.match(r.stderr, /expired/i);
    assert.match(r.stderr, /2020-01-31/);
    const f = (JSON.parse(r.stdout) as Report).findings.find((x) => x.id === 'CVE-2017-12617');
    assert.ok(f && !f.suppressed, 'not suppressed');
  });

  test('an invalid policy exits 2 with a line-numbered message', async () => {
    const dir = join(tmp, 'policy-bad');
    mkdirSync(dir);
    // reason missing in the second entry, on line 4
    writeFileSync(join(dir, '.drydock.yaml'), 'ignore:\n  - id: CVE-2020-9484\n    reason: not using FileStore\n  - id: CVE-2017-12617\n    package: pkg:maven/org.apache.tomcat/*\n');
    const r = await scan(['--format', 'json'], { cwd: dir });
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '', 'no report on stdout');
    assert.match(r.stderr, /\.drydock\.yaml:4:\d+: .*ignore\[1\]\.reason/);
    // malformed YAML too
    writeFileSync(join(dir, '.drydock.yaml'), 'ignore:\n  - id: [unclosed\n');
    const y = await scan([], { cwd: dir });
    assert.equal(y.code, 2, show(y));
    assert.match(y.stderr, /\.drydock\.yaml:\d+(:\d+)?/);
  });

  test('an OpenVEX not_affected statement suppresses the finding', async () => {
    const vex = join(tmp, 'tomcat.openvex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/tomcat-2017-12617',
        author: 'e2e test',
        timestamp: '2024-01-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2017-12617' },
            products: [{ '@id': 'pkg:maven/org.apache.tomcat/tomcat@8.5.21' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
    );
    const r = await scan(['--vex', vex, '--fail-on', 'kev', '--exit-code', '3', '--format', 'json']);
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as Report;
    const f = report.findings.find((x) => x.id === 'CVE-2017-12617');
    assert.ok(!f || f.suppressed, 'suppressed or removed');
    if (f) assert.equal(f.suppressed?.by, 'vex');
    // the other Tomcat CVEs are untouched
    assert.ok(report.findings.some((x) => x.id === 'CVE-2020-9484' && !x.suppressed));
  });

  test('NO_COLOR / non-TTY table output has no ANSI escapes; --quiet leaves stderr empty; stdout holds only the report', async () => {
    // stdout and stderr are pipes here (non-TTY) and NO_COLOR is set: no escapes anywhere
    const plain = await scan([], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    assert.equal(plain.code, 0, show(plain));
    assert.doesNotMatch(plain.stdout, ANSI);
    assert.doesNotMatch(plain.stderr, ANSI);
    assert.match(plain.stdout, /CVE-2017-12617/);
    // the table report on stdout, nothing of it on stderr
    assert.doesNotMatch(plain.stderr, /CVE-2017-12617/);

    const out = join(tmp, 'report.json');
    const toFile = await scan(['--quiet', '--format', 'json', '-o', out]);
    assert.equal(toFile.code, 0, show(toFile));
    assert.equal(toFile.stdout, '', '-o: nothing on stdout');
    assert.ok((JSON.parse(readFileSync(out, 'utf8')) as Report).findings.some((x) => x.id === 'CVE-2017-12617'));
  });
});

describe('drydock image: Alpine 3.14.9 OCI archive', { skip: DATA_SKIP }, () => {
  let tmp: string;
  let db: string;
  const archive = join(DATA, 'images/containerd-alpine-3.14.9.tar');
  before(async () => {
    tmp = tempDir('image-alpine');
    db = await sharedDb();
  });
  after(() => removeDir(tmp));

  test('CVE-2023-0464/0465 on libcrypto1.1 and libssl1.1 with the secdb’s fixed versions', async () => {
    const secdb = JSON.parse(readFileSync(join(DATA, 'alpine-secdb/v3.14-main-partial.json'), 'utf8')) as {
      packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[];
    };
    const fixes = new Map<string, string>();
    for (const p of secdb.packages.filter((x) => x.pkg.name === 'openssl'))
      for (const [ver, ids] of Object.entries(p.pkg.secfixes)) for (const id of ids) for (const cve of id.split(/\s+/)) fixes.set(cve, ver);
    assert.equal(fixes.get('CVE-2023-0464'), '1.1.1t-r1');
    assert.equal(fixes.get('CVE-2023-0465'), '1.1.1t-r2');

    const r = await drydock(['image', archive, '--db', db, '--format', 'json', '--quiet', '--scanners', 'vuln']);
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as Report;
    for (const pkg of ['libcrypto1.1', 'libssl1.1'])
      for (const cve of ['CVE-2023-0464', 'CVE-2023-0465']) {
        const f = report.findings.find((x) => x.package.name === pkg && (x.id === cve || x.aliases?.includes(cve)));
        assert.ok(f, `${cve} on ${pkg}`);
        assert.equal(f.installedVersion, '1.1.1t-r0');
        assert.equal(f.fixedVersion, fixes.get(cve), `${cve} on ${pkg} fixed`);
      }
  });

  test('without any database the scan exits 2 with a hint naming `drydock db update`', async () => {
    const empty = join(tmp, 'no-cache');
    const r = await drydock(['image', archive, '--format', 'json'], {
      env: { XDG_CACHE_HOME: empty, DRYDOCK_CACHE_DIR: undefined, HOME: empty },
    });
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /drydock db update/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});

test('Ctrl-C during an --advisories scan exits 130 and leaves no temp database behind', { skip: IMAGES_SKIP }, async () => {
  const tmp = tempDir('interrupt');
  const snapshots = () => readdirSync(tmp).filter((n) => n.startsWith('drydock-snapshot-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.NODE_TEST_CONTEXT; // the test runner's own flags must not leak into the child
  const archive = join(IMAGES, 'archives/tomcat-root.docker.tar');
  const child = spawn(process.execPath, [BIN, 'image', archive, '--advisories', 'examples/advisories', '--format', 'json', '--quiet'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  // the snapshot database exists from before the layers are read until the scan ends: interrupt while it is there
  let sent = false;
  for (let i = 0; i < 1500 && child.exitCode === null; i++) {
    if (snapshots().length > 0) {
      child.kill('SIGINT');
      sent = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const code = await exited;
  assert.ok(sent, `the scan ended (exit ${code}) before its temp database was seen: ${stderr}`);
  assert.equal(code, 130, stderr);
  assert.deepEqual(snapshots(), []);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  removeDir(tmp);
});
