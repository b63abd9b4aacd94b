import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fixturesAvailable, startRegistry, type TestRegistry } from '../../test/helpers/registry.js';
import { buildStore } from '../vulndb/test-store.js';
import type { VulnStore } from '../vulndb/types.js';
import type { Finding } from '../match/types.js';
import { VulnGate, type ImageScanner } from './vuln-gate.js';
import { registryScanner } from './registry-scanner.js';
import { parseAdmissionPolicy, type VulnerabilityPolicy } from './policy.js';
import { startAdmissionServer, type AdmissionServer } from './server.js';
import { restrictedPod, reviewFor, tempServingCerts } from './test-fixtures.js';
import { httpsAgent, httpsRequest } from './https-client.js';
import { SHARED_DATA } from '../../test/helpers/shared-data.js';

const TOMCAT_GHSA = `${SHARED_DATA}osv/tomcat-ghsa`;
const KEV = `${SHARED_DATA}kev/known_exploited_vulnerabilities.json`;
const haveData = fixturesAvailable() && existsSync(TOMCAT_GHSA) && existsSync(KEV);

describe('vulnerability gate against a real registry and a DB built from real records', { skip: haveData ? false : 'registry fixtures or shared data missing' }, () => {
  let reg: TestRegistry;
  let store: VulnStore;
  let srv: AdmissionServer;
  let ca: string;

  before(async () => {
    [reg, { store }] = await Promise.all([startRegistry({ push: ['mini-tomcat'] }), buildStore([TOMCAT_GHSA, KEV])]);
    const policy = parseAdmissionPolicy(
      `pss: restricted\ntrustedRegistries: [${reg.host}, registry.example.com]\nvulnerabilities: {denySeverity: CRITICAL, denyKev: true, cacheTTL: 1h, deadline: 20s, onTimeout: fail-closed}\n`,
      'policy.yaml',
    );
    const gate = new VulnGate(registryScanner({ store }), policy.vulnerabilities!);
    const certs = await tempServingCerts();
    ca = certs.ca;
    srv = await startAdmissionServer({ policy, gate, certFile: certs.certFile, keyFile: certs.keyFile, port: 0 });
  });
  after(async () => {
    await srv?.close();
    store?.close();
    await reg?.stop();
  });

  it('denies a pod whose image has a KEV finding (CVE-2017-12617 in Tomcat 8.5.21), then answers from the cache', async () => {
    const agent = httpsAgent(ca);
    const image = `${reg.host}/imagelab/mini-tomcat:latest`;
    const send = async () => {
      const body = reviewFor(restrictedPod(image, 'tomcat'));
      const r = await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: JSON.stringify(body) });
      assert.equal(r.status, 200, r.body);
      return { ...JSON.parse(r.body).response, ms: r.ms };
    };
    const first = await send();
    assert.equal(first.allowed, false);
    assert.match(
      first.status.message,
      /\[DD-VULN-001 Known exploited vulnerability \(CISA KEV\)\] container "app", field spec\.containers\[0\]\.image: image .*mini-tomcat:latest has known exploited vulnerabilities \(CISA KEV\): .*CVE-2017-12617 \(KEV, HIGH\) in org\.apache\.tomcat:tomcat 8\.5\.21, fixed in 8\.5\.23/,
    );
    assert.match(first.status.message, /Fix: upgrade org\.apache\.tomcat:tomcat to 8\.5\.23 or later and rebuild the image/);
    const second = await send();
    assert.equal(second.allowed, false);
    assert.equal(second.status.message, first.status.message);
    assert.ok(second.ms < 200, `cached decision took ${second.ms} ms`);
    const m = (await httpsRequest(`${srv.url}/metrics`, { agent })).body;
    assert.match(m, /drydock_admission_image_scans_total\{result="cache_miss"\} 1$/m);
    assert.match(m, /drydock_admission_image_scans_total\{result="cache_hit"\} 1$/m);
    assert.match(m, /drydock_admission_denials_total\{rule="DD-VULN-001",mode="enforce"\} 2$/m);
    agent.destroy();
  });

  it('a pod denied by policy is not scanned (enforce mode answers at once)', async () => {
    const pod = restrictedPod(`${reg.host}/imagelab/does-not-exist:1`, 'priv');
    pod.spec.containers[0].securityContext.privileged = true;
    const agent = httpsAgent(ca);
    const r = JSON.parse((await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: JSON.stringify(reviewFor(pod)) })).body).response;
    assert.equal(r.allowed, false);
    assert.doesNotMatch(r.status.message, /DD-VULN/);
    agent.destroy();
  });
});

// The gate's own mechanics, with an ImageScanner whose timing the test controls.
function finding(id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return {
    id,
    aliases: [],
    package: { name: 'openssl', version: '1.1.1', type: 'deb', purl: 'pkg:deb/debian/openssl@1.1.1', locations: [] } as unknown as Finding['package'],
    installedVersion: '1.1.1',
    status: extra.fixedVersion ? 'fixed' : 'affected',
    severity,
    references: [],
    dataSource: 'test',
    ...extra,
  };
}

class ControlledScanner implements ImageScanner {
  scans = 0;
  resolves = 0;
  constructor(
    private readonly findings: Record<string, Finding[]>,
    private readonly delayMs = 0,
  ) {}
  async resolve(image: string): Promise<string> {
    this.resolves++;
    return 'sha256:' + Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64);
  }
  async scan(image: string): Promise<Finding[]> {
    this.scans++;
    await new Promise((r) => setTimeout(r, this.delayMs));
    const f = this.findings[image];
    if (!f) throw new Error(`manifest unknown: ${image}`);
    return f;
  }
}

const vp = (over: Partial<VulnerabilityPolicy> = {}): VulnerabilityPolicy => ({ ...parseAdmissionPolicy('vulnerabilities: {}').vulnerabilities!, ...over });
const img = (image: string) => ({ image, container: 'app', field: 'spec.containers[0].image' });

describe('VulnGate', () => {
  it('applies KEV, severity threshold and fixable-critical rules; ignores suppressed findings', async () => {
    const s = new ControlledScanner({
      a: [finding('CVE-1', 'HIGH', { kev: { dateAdded: '2024-01-01' } }), finding('CVE-2', 'CRITICAL', { fixedVersion: '1.1.2' }), finding('CVE-3', 'CRITICAL', { suppressed: { by: 'vex', reason: 'x' } })],
      b: [finding('CVE-4', 'HIGH'), finding('CVE-5', 'CRITICAL')],
    });
    const g = new VulnGate(s, vp({ denySeverity: 'HIGH' }));
    const r = await g.check([img('a'), img('b')]);
    assert.deepEqual(
      r.deny.map((v) => `${v.rule}:${v.message.replace(/^image (\w).*?: /, '$1 ')}`),
      [
        'DD-VULN-001:a CVE-1 (KEV, HIGH) in openssl 1.1.1, no fix yet',
        'DD-VULN-002:a CVE-2 (CRITICAL) in openssl 1.1.1, fixed in 1.1.2',
        'DD-VULN-002:b CVE-4 (HIGH) in openssl 1.1.1, no fix yet; CVE-5 (CRITICAL) in openssl 1.1.1, no fix yet',
      ],
    );
    const fixable = await new VulnGate(s, vp({ denyKev: false })).check([img('a'), img('b')]);
    assert.deepEqual(fixable.deny.map((v) => v.rule), ['DD-VULN-003'], 'only the fixable critical of image a');
  });

  it('caches by digest with a TTL and shares in-flight scans', async () => {
    let now = 0;
    const s = new ControlledScanner({ a: [] }, 30);
    const g = new VulnGate(s, vp({ cacheTTL: 1000 }), { now: () => now });
    const [r1, r2] = await Promise.all([g.check([img('a')]), g.check([img('a')])]);
    assert.equal(s.scans, 1, 'concurrent reviews share one scan');
    assert.equal(r1.deny.length + r2.deny.length, 0);
    const r3 = await g.check([img('a')]);
    assert.equal(r3.cacheHits, 1);
    assert.equal(s.scans, 1);
    now = 1500;
    await g.check([img('a')]);
    assert.equal(s.scans, 2, 'expired entry is scanned again');
    assert.equal(s.resolves, 2, 'tag resolution is cached too');
    await g.check([img('a@sha256:' + 'f'.repeat(64))]).catch(() => undefined);
    assert.equal(s.resolves, 2, 'a digest reference needs no resolution');
  });

  it('a scan past the deadline follows onTimeout, and keeps running to warm the cache', async () => {
    const s = new ControlledScanner({ slow: [finding('CVE-9', 'CRITICAL', { fixedVersion: '2' })] }, 150);
    const open = new VulnGate(s, vp({ onTimeout: 'fail-open' }));
    const t0 = performance.now();
    const r = await open.check([img('slow')], 30);
    assert.ok(performance.now() - t0 < 120, 'answered at the deadline, not when the scan ended');
    assert.equal(r.deny.length, 0);
    assert.match(r.warnings[0], /image slow \(container "app"\) was not scanned within the 30 ms deadline; admitted \(onTimeout: fail-open\)/);
    assert.deepEqual(r.unfinished, ['slow']);
    await new Promise((res) => setTimeout(res, 200));
    const later = await open.check([img('slow')], 30);
    assert.deepEqual(later.deny.map((v) => v.rule), ['DD-VULN-003'], 'the background scan filled the cache');

    const closed = new VulnGate(new ControlledScanner({ slow: [] }, 150), vp({ onTimeout: 'fail-closed' }));
    const c = await closed.check([img('slow')], 30);
    assert.deepEqual(c.deny.map((v) => v.rule), ['DD-VULN-000']);
    assert.match(c.deny[0].message, /fail-closed/);
  });

  it('a failed scan follows the same failure policy', async () => {
    const r = await new VulnGate(new ControlledScanner({}), vp({ onTimeout: 'fail-closed' })).check([img('missing')]);
    assert.match(r.deny[0].message, /could not be scanned: manifest unknown: missing/);
    const o = await new VulnGate(new ControlledScanner({}), vp({ onTimeout: 'fail-open' })).check([img('missing')]);
    assert.equal(o.deny.length, 0);
    assert.match(o.warnings[0], /could not be scanned/);
  });
});
