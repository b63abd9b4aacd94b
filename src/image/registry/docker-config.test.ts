import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrydockError } from '../../errors.js';
import { loadDockerCredentials, serverKey } from './docker-config.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-dockercfg-'));
const write = (cfg: unknown) => writeFileSync(join(dir, 'config.json'), typeof cfg === 'string' ? cfg : JSON.stringify(cfg));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('loadDockerCredentials', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps Docker Hub to https://index.docker.io/v1/', async () => {
    write({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pa:ss') }, 'ghcr.io': { auth: b64('gh:tok') } } });
    assert.deepEqual(await loadDockerCredentials('docker.io', dir), { username: 'hub', password: 'pa:ss', source: `${join(dir, 'config.json')} (auths)` });
    assert.equal((await loadDockerCredentials('ghcr.io', dir))?.username, 'gh');
    assert.equal(await loadDockerCredentials('quay.io', dir), undefined);
    assert.equal(serverKey('docker.io'), 'https://index.docker.io/v1/');
    assert.equal(serverKey('127.0.0.1:5000'), '127.0.0.1:5000');
  });

  it('matches keys with scheme and path, and reads identitytoken', async () => {
    write({ auths: { 'http://reg.example:5000/v2/': { identitytoken: 'refresh' } } });
    assert.deepEqual(await loadDockerCredentials('reg.example:5000', dir), { username: undefined, identityToken: 'refresh', source: `${join(dir, 'config.json')} (auths)` });
    assert.equal(await loadDockerCredentials('reg.example', dir), undefined);
  });

  it('treats a missing file and empty entries as anonymous', async () => {
    assert.equal(await loadDockerCredentials('docker.io', join(dir, 'nope')), undefined);
    write({ auths: { 'ghcr.io': {} } });
    assert.equal(await loadDockerCredentials('ghcr.io', dir), undefined);
  });

  it('rejects malformed files without echoing their content', async () => {
    for (const bad of ['{"auths": {"x": {"auth": "c2VjcmV0LXZhbHVl"', '{"auths": {"x": {"auth": 42}}}', JSON.stringify({ auths: { 'ghcr.io': { auth: b64('no-colon-secret') } } })]) {
      write(bad);
      await assert.rejects(loadDockerCredentials('ghcr.io', dir).then(() => loadDockerCredentials('x', dir)), (e: unknown) => {
        assert.ok(e instanceof DrydockError && e.code === 'INVALID_INPUT');
        assert.ok(!e.message.includes('secret') && !e.message.includes('c2VjcmV0'));
        return true;
      });
    }
  });

  it('refuses helper names that are not plain words', async () => {
    write({ credsStore: '../../bin/sh' });
    await assert.rejects(loadDockerCredentials('ghcr.io', dir), { code: 'INVALID_INPUT' });
  });
});
