import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseListen } from './admission.js';
import { PSS_FIXTURES, reviewFor, tempServingCerts } from '../../admission/test-fixtures.js';
import { httpsAgent, httpsRequest } from '../../admission/https-client.js';

const BIN = fileURLToPath(new URL('../../../bin/drydock.js', import.meta.url));

test('parseListen', () => {
  assert.deepEqual(parseListen('127.0.0.1:8443'), { host: '127.0.0.1', port: 8443 });
  assert.deepEqual(parseListen('[::1]:9443'), { host: '::1', port: 9443 });
  assert.deepEqual(parseListen(':8443'), { host: '0.0.0.0', port: 8443 });
  assert.throws(() => parseListen('8443'), { code: 'USAGE' });
});

test('drydock admission serve answers reviews over HTTPS and stops cleanly on SIGTERM', async () => {
  const certs = await tempServingCerts();
  const policy = join(certs.dir, 'policy.yaml');
  writeFileSync(policy, 'pss: restricted\n');
  const child = spawn(process.execPath, [BIN, 'admission', 'serve', '--config', policy, '--cert', certs.certFile, '--key', certs.keyFile, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (https:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const agent = httpsAgent(certs.ca);
  try {
    const r = await httpsRequest(`${url}/validate`, { agent, method: 'POST', body: JSON.stringify(reviewFor(PSS_FIXTURES.privileged)) });
    assert.equal(JSON.parse(r.body).response.allowed, false);
  } finally {
    agent.destroy();
  }
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  assert.equal(code, 0, err);
  assert.match(err, /SIGTERM: shutting down/);
});
