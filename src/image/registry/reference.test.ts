import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DrydockError } from '../../errors.js';
import { parseReference } from './reference.js';
import { parsePlatform, selectPlatform } from './platform.js';
import { parseChallenges } from './auth.js';
import { nextLink } from './lookup.js';
import { layerCompression } from './manifest.js';
import { inTime } from '../../../test/helpers/in-time.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('parseReference', () => {
  const ok: [string, { registry: string; apiHost?: string; repository: string; tag?: string; digest?: string; familiar: string; full: string }][] = [
    ['alpine', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest', familiar: 'alpine:latest', full: 'docker.io/library/alpine:latest' }],
    ['alpine:3.20', { registry: 'docker.io', repository: 'library/alpine', tag: '3.20', familiar: 'alpine:3.20', full: 'docker.io/library/alpine:3.20' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7', familiar: 'bitnami/redis:7', full: 'docker.io/bitnami/redis:7' }],
    ['docker.io/library/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest', familiar: 'alpine:latest', full: 'docker.io/library/alpine:latest' }],
    ['index.docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest', familiar: 'alpine:latest', full: 'docker.io/library/alpine:latest' }],
    [`registry.example:5000/team/app@${D}`, { registry: 'registry.example:5000', apiHost: 'registry.example:5000', repository: 'team/app', digest: D, familiar: `registry.example:5000/team/app@${D}`, full: `registry.example:5000/team/app@${D}` }],
    [`ghcr.io/o/app:v1@${D}`, { registry: 'ghcr.io', repository: 'o/app', tag: 'v1', digest: D, familiar: `ghcr.io/o/app:v1@${D}`, full: `ghcr.io/o/app:v1@${D}` }],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest', familiar: 'localhost/app:latest', full: 'localhost/app:latest' }],
    ['127.0.0.1:5000/imagelab/mini-base:latest', { registry: '127.0.0.1:5000', repository: 'imagelab/mini-base', tag: 'latest', familiar: '127.0.0.1:5000/imagelab/mini-base:latest', full: '127.0.0.1:5000/imagelab/mini-base:latest' }],
    ['docker://quay.io/a/b__c-d.e', { registry: 'quay.io', repository: 'a/b__c-d.e', tag: 'latest', familiar: 'quay.io/a/b__c-d.e:latest', full: 'quay.io/a/b__c-d.e:latest' }],
  ];
  for (const [input, want] of ok) {
    it(`parses ${input}`, () => {
      const r = parseReference(input);
      assert.equal(r.registry, want.registry);
      if (want.apiHost) assert.equal(r.apiHost, want.apiHost);
      assert.equal(r.repository, want.repository);
      assert.equal(r.tag, want.tag);
      assert.equal(r.digest, want.digest);
      assert.equal(r.familiar, want.familiar);
      assert.equal(r.toString(), want.full);
      assert.equal(`${r}`, want.full);
    });
  }
  const bad = ['', '  ', 'Alpine', 'alpine:', 'alpine@sha256:abc', 'alpine:bad tag', 'a//b', '/alpine', 'host:99999/a', 'alpine:-x', 'x'.repeat(600), 'a:b:c', 'reg.io/UPPER/x', 'reg.io/'];
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input.slice(0, 30))} with USAGE`, () => {
      assert.throws(() => parseReference(input), (e: unknown) => e instanceof DrydockError && e.code === 'USAGE' && !e.message.includes('\n'));
    });
  }
});

describe('platforms', () => {
  const idx = [
    { digest: 'sha256:1', platform: { os: 'linux', architecture: 'amd64' } },
    { digest: 'sha256:2', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { digest: 'sha256:3', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
    { digest: 'sha256:4', platform: { os: 'unknown', architecture: 'unknown' } },
  ];
  const cases: [string | undefined, string][] = [
    [undefined, 'sha256:1'],
    ['linux/amd64', 'sha256:1'],
    ['linux/x86_64', 'sha256:1'],
    ['linux/arm64', 'sha256:2'],
    ['linux/arm64/v8', 'sha256:2'],
    ['linux/aarch64', 'sha256:2'],
    ['linux/arm', 'sha256:3'],
    ['linux/arm/v6', 'sha256:3'],
  ];
  for (const [spec, digest] of cases) {
    it(`selects ${spec ?? '(default)'}`, () => assert.equal(selectPlatform(idx, parsePlatform(spec), 'x').digest, digest));
  }
  it('lists available platforms when none matches, skipping attestations', () => {
    assert.throws(
      () => selectPlatform(idx, parsePlatform('linux/arm/v7'), 'r/x:1'),
      (e: unknown) =>
        e instanceof DrydockError && e.code === 'NOT_FOUND' && e.message === 'no image for platform linux/arm/v7 in r/x:1; available: linux/amd64, linux/arm64/v8, linux/arm/v6',
    );
  });
  it('rejects junk platforms', () => {
    for (const p of ['linux', 'linux/', 'a/b/c/d', 'linux/amd 64']) assert.throws(() => parsePlatform(p), { code: 'USAGE' });
  });
});

describe('parseChallenges', () => {
  it('parses a Docker Hub bearer challenge with a comma inside a quoted scope', () => {
    const [c] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull,push"');
    assert.deepEqual(c, { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull,push' } });
  });
  it('parses several challenges and unquoted values', () => {
    const cs = parseChallenges('Basic realm="imagelab", Bearer realm=https://t.example/token, service=svc');
    assert.equal(cs.length, 2);
    assert.deepEqual(cs[0], { scheme: 'basic', params: { realm: 'imagelab' } });
    assert.deepEqual(cs[1], { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'svc' } });
  });
  it('handles escapes and junk without throwing', () => {
    assert.deepEqual(parseChallenges('Bearer realm="a\\"b"')[0].params.realm, 'a"b');
    assert.doesNotThrow(() => parseChallenges('"""===,,,'));
  });
});

describe('nextLink', () => {
  it('resolves relative next links and refuses other origins', () => {
    const cur = 'http://127.0.0.1:5000/v2/a/tags/list?n=2';
    assert.equal(nextLink('</v2/a/tags/list?last=b&n=2>; rel="next"', cur), 'http://127.0.0.1:5000/v2/a/tags/list?last=b&n=2');
    assert.equal(nextLink('<https://evil.example/v2/a/tags/list>; rel="next"', cur), undefined);
    assert.equal(nextLink('</x>; rel="prev"', cur), undefined);
    assert.equal(nextLink(undefined, cur), undefined);
  });
});

describe('layerCompression', () => {
  const cases: [string, string][] = [
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
    ['application/vnd.oci.image.layer.v1.tar', 'none'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', 'zstd'],
  ];
  for (const [mt, c] of cases) it(mt, () => assert.equal(layerCompression(mt, 'x'), c));
  it('rejects non-layer media types', () => assert.throws(() => layerCompression('application/vnd.in-toto+json', 'x'), { code: 'INVALID_INPUT' }));
});

it("nextLink: a Link header of many \"<\" is read in linear time", { timeout: 20_000 }, inTime(10_000, () => {
  assert.equal(nextLink('<'.repeat(400_000), 'https://r.example/v2/x/tags/list'), undefined);
  assert.equal(nextLink(' <https://r.example/v2/x/tags/list?n=2&last=b>;  rel="next" ', 'https://r.example/v2/x/tags/list'), 'https://r.example/v2/x/tags/list?n=2&last=b');
  assert.equal(nextLink('</a>; rel="prev", </b>; rel=next', 'https://r.example/v2/x/tags/list'), 'https://r.example/b');
}));
