import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../main.js';
import type { CliIO } from '../io.js';
import { makeTempDir } from '../../../test/helpers/tmp.js';

const FX = new URL('../../../test/fixtures/vulndb/', import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io: CliIO = {
    stdout,
    stderr,
    color: false,
    isTTY: false,
    quiet: false,
    log: (m) => stderr.write(m + '\n'),
    warn: (m) => stderr.write(`warning: ${m}\n`),
  };
  const code = await main(args, io);
  return { code, out, err };
}

test('drydock db status without a database fails clearly, import then status works', async () => {
  const cache = makeTempDir('drydock-cli-');
  const missing = await run(['db', 'status', '--cache-dir', cache]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no vulnerability database at .*vulndb\.sqlite/);
  assert.match(missing.err, /hint: run `drydock db update`, or `drydock db import <osv\.zip\|dir>` offline/);

  const imp = await run(['db', 'import', '--cache-dir', cache, FX + 'v3.14-main-partial.json', FX + 'kev-subset.json']);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.err, /imported 45 advisories, 3 KEV entries/);
  const st = await run(['db', 'status', '--cache-dir', cache, '--format', 'json']);
  assert.equal(st.code, 0, st.err);
  const j = JSON.parse(st.out);
  assert.equal(j.counts.vulns, 45);
  assert.equal(j.counts.kev, 3);
  assert.deepEqual(j.sources.map((s: { name: string }) => s.name), ['alpine-secdb', 'cisa-kev']);
  assert.equal(j.example, false);
  assert.equal(j.stale, false);
  const table = await run(['db', 'status', '--cache-dir', cache]);
  assert.match(table.out, /alpine-secdb\s+alpine-secdb\s+45/);

  // a schema-violating record is a warning; a bad path is an error and the database is unchanged
  const dir = makeTempDir('drydock-recs-');
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'X-1', affected: 'nope' }));
  const bad = await run(['db', 'import', '--cache-dir', cache, dir]);
  assert.equal(bad.code, 0);
  assert.match(bad.err, /warning: .*bad\.json: skipped: not a valid OSV record/);
  const gone = await run(['db', 'import', '--cache-dir', cache, join(dir, 'nope.zip')]);
  assert.equal(gone.code, 2);
  assert.match(gone.err, /no such file or directory/);
  assert.equal(JSON.parse((await run(['db', 'status', '--cache-dir', cache, '--format', 'json'])).out).counts.vulns, 45);
});

test('drydock db update --db-repository: usage errors, unreachable registry; --mirror failures keep the database', async () => {
  const cache = makeTempDir('drydock-cli-');
  const mixed = await run(['db', 'update', '--cache-dir', cache, '--db-repository', '127.0.0.1:9/x/db:1', '--mirror', 'http://127.0.0.1:9']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.err, /--db-repository cannot be combined with --ecosystem, --mirror or --skip-epss/);
  const creds = await run(['db', 'update', '--cache-dir', cache, '--username', 'u']);
  assert.match(creds.err, /registry options need --db-repository/);
  const r = await run(['db', 'update', '--cache-dir', cache, '--db-repository', '127.0.0.1:9/x/db:1']);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /cannot reach registry 127\.0\.0\.1:9: connection refused/);
  assert.ok(!existsSync(join(cache, 'db', 'vulndb.sqlite')));
  const down = await run(['db', 'update', '--cache-dir', cache, '--mirror', 'http://127.0.0.1:9', '--ecosystem', 'Go', '--skip-epss']);
  assert.equal(down.code, 2);
  assert.match(down.err, /download of http:\/\/127\.0\.0\.1:9\/osv\/Go\/all\.zip failed/);
  assert.ok(!existsSync(join(cache, 'db', 'vulndb.sqlite')));
});

test('drydock db publish / db update --db-repository round trip through a real registry', async (t) => {
  const { startRegistry } = await import('../../../test/helpers/registry.js');
  let reg;
  try {
    reg = await startRegistry({ auth: { user: 'cli', pass: 'pw-cli' } });
  } catch (e) {
    return t.skip(`no test registry: ${(e as Error).message}`);
  }
  try {
    const src = makeTempDir('drydock-cli-');
    assert.equal((await run(['db', 'import', '--cache-dir', src, FX + 'v3.14-main-partial.json', FX + 'kev-subset.json'])).code, 0);
    const ref = `${reg.host}/drydock/db:1`;
    const pub = await run(['db', 'publish', '--cache-dir', src, '--db-repository', ref, '--username', 'cli', '--password', 'pw-cli']);
    assert.equal(pub.code, 0, pub.err);
    assert.match(pub.err, /published .* to 127\.0\.0\.1:\d+\/drydock\/db:1 \(sha256:/);
    const dst = makeTempDir('drydock-cli-');
    const pull = await run(['db', 'update', '--cache-dir', dst, '--db-repository', ref, '--username', 'cli', '--password', 'pw-cli']);
    assert.equal(pull.code, 0, pull.err);
    assert.match(pull.err, /database pulled from/);
    const a = JSON.parse((await run(['db', 'status', '--cache-dir', src, '--format', 'json'])).out);
    const b = JSON.parse((await run(['db', 'status', '--cache-dir', dst, '--format', 'json'])).out);
    assert.deepEqual(b.counts, a.counts);
    assert.equal(b.builtAt, a.builtAt);
  } finally {
    await reg.stop();
  }
});
