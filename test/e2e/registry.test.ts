// End to end: images from a real registry (docker-registry on 127.0.0.1, basic auth + TLS with its own CA)
// through the CLI: credentials on stdin, CA file, clean one-line errors, and the same SBOM as the local archive.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES_SKIP, fixturesAvailable, startRegistry, type TestRegistry } from '../helpers/registry.js';
import { IMAGES, drydock, show } from './cli.js';

const USER = 'e2e-user';
const PASS = 'S3cret-Pa55word-e2e';

interface Report {
  targets: { packages: { name: string; version: string; purl?: string }[] }[];
  findings: { id: string }[];
}

/** the lines of stderr that are not hints */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s+hint:/.test(l));
}

describe('drydock image/sbom from a registry with basic auth and TLS', { skip: !fixturesAvailable() && FIXTURES_SKIP }, () => {
  let reg: TestRegistry;
  let ref: string;
  const auth = (): string[] => ['--username', USER, '--password-stdin', '--ca-file', reg.caFile ?? ''];

  before(async () => {
    reg = await startRegistry({ auth: { user: USER, pass: PASS }, tls: true, push: ['mini-tomcat'] });
    assert.ok(reg.caFile, 'TLS registry has a CA file');
    ref = `${reg.host}/imagelab/mini-tomcat:latest`;
  });
  after(() => reg?.stop());

  test('drydock image with --username/--password-stdin/--ca-file scans it', async () => {
    const r = await drydock(['image', ref, ...auth(), '--advisories', 'examples/advisories', '--format', 'json', '--quiet'], { stdin: `${PASS}\n` });
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as Report;
    const pkgs = report.targets.flatMap((t) => t.packages);
    assert.ok(pkgs.some((p) => p.purl === 'pkg:maven/org.apache.tomcat/tomcat@8.5.21'), 'Tomcat 8.5.21 found');
    assert.ok(report.findings.some((f) => f.id === 'CVE-2017-12617'), 'CVE-2017-12617 found');
    assert.equal(r.stderr, '');
    assert.ok(!r.stdout.includes(PASS), 'password not in the report');
  });

  test('without the CA the TLS connection is refused: exit 2, one line', async () => {
    const r = await drydock(['image', ref, '--username', USER, '--password-stdin', '--advisories', 'examples/advisories', '--quiet'], {
      stdin: PASS,
      env: { SSL_CERT_FILE: undefined, NODE_EXTRA_CA_CERTS: undefined },
    });
    assert.equal(r.code, 2, show(r));
    assert.equal(errorLines(r.stderr).length, 1, r.stderr);
    assert.ok(!r.stderr.includes(PASS));
  });

  test('a wrong password: exit 2, one line on stderr that does not contain the password', async () => {
    const wrong = 'Wr0ng-Passw0rd-XYZ';
    const r = await drydock(['image', ref, ...auth(), '--advisories', 'examples/advisories'], { stdin: `${wrong}\n` });
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    const lines = errorLines(r.stderr);
    assert.equal(lines.length, 1, `one error line: ${JSON.stringify(r.stderr)}`);
    assert.ok(!r.stderr.includes(wrong), 'wrong password not echoed');
    assert.ok(!r.stderr.includes(PASS));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.match(lines[0], /auth|401|unauthori[sz]ed|credential/i);
  });

  test('a missing tag: exit 2, one error line naming the tag', async () => {
    const r = await drydock(['image', `${reg.host}/imagelab/mini-tomcat:no-such-tag`, ...auth(), '--advisories', 'examples/advisories'], {
      stdin: PASS,
    });
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    const lines = errorLines(r.stderr);
    assert.equal(lines.length, 1, `one error line: ${JSON.stringify(r.stderr)}`);
    assert.match(lines[0], /no-such-tag/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('drydock sbom of the registry image equals drydock sbom of the local archive', async () => {
    const archive = join(IMAGES, 'archives/mini-tomcat.oci.tar');
    const [remote, local] = await Promise.all([
      drydock(['sbom', ref, ...auth(), '--format', 'json', '--quiet'], { stdin: PASS }),
      drydock(['sbom', archive, '--format', 'json', '--quiet']),
    ]);
    assert.equal(remote.code, 0, show(remote));
    assert.equal(local.code, 0, show(local));
    const rows = (r: Report): string[] => r.targets.flatMap((t) => t.packages.map((p) => `${p.name} ${p.version} ${p.purl}`)).sort();
    const a = rows(JSON.parse(remote.stdout) as Report);
    const b = rows(JSON.parse(local.stdout) as Report);
    assert.ok(b.length > 0);
    assert.deepEqual(a, b);
    // and the CycloneDX components (purls) agree too
    const [rc, lc] = await Promise.all([
      drydock(['sbom', ref, ...auth(), '--quiet'], { stdin: PASS }),
      drydock(['sbom', archive, '--quiet']),
    ]);
    assert.equal(rc.code, 0, show(rc));
    const purls = (s: string): string[] => ((JSON.parse(s) as { components?: { purl?: string }[] }).components ?? []).map((c) => c.purl ?? '').sort();
    assert.deepEqual(purls(rc.stdout), purls(lc.stdout));
  });
});
