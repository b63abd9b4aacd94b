// Database artifacts against a REAL registry (docker-registry on 127.0.0.1, htpasswd basic auth).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { startRegistry, type TestRegistry } from '../../test/helpers/registry.js';
import { DrydockError } from '../errors.js';
import { pushArtifact, fetchArtifact } from '../image/registry/artifact.js';
import { DB_ARTIFACT_TYPE, DB_CONFIG_MEDIA_TYPE, DB_LAYER_MEDIA_TYPE, publishDatabase, pullDatabase } from './oci.js';
import { VulnStoreWriter } from './writer.js';
import { openVulnStore } from './store.js';
import { SCHEMA_VERSION } from './schema.js';
import { tempDbPath } from './test-store.js';

const auth = { user: 'dbuser', pass: 's3cret-db' };
const creds = { username: auth.user, password: auth.pass };

function makeDb(ids: string[], path = tempDbPath()): string {
  const w = VulnStoreWriter.open(path, { fresh: true });
  for (const id of ids) {
    w.putVuln({
      id,
      source: 'osv:npm',
      aliases: [],
      related: [],
      severity: [],
      references: [],
      summary: `summary of ${id}`,
      affected: [{ ecosystem: 'npm', name: 'left-pad', entry: { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] } }],
    });
  }
  w.setSource({ name: 'osv:npm', kind: 'osv' });
  w.commit();
  return path;
}

const ids = (path: string) => {
  const s = openVulnStore(path);
  try {
    return s.affected('npm', 'left-pad').map((h) => s.vuln(h.vuln).id).sort();
  } finally {
    s.close();
  }
};

describe('database as an OCI artifact (real registry, basic auth)', () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ auth });
  });
  after(() => reg?.stop());

  test('publish then pull replaces the database (zstd, gzip and plain layers)', async () => {
    const src = makeDb(['GHSA-aaaa-0001', 'GHSA-aaaa-0002']);
    for (const compression of ['zstd', 'gzip', 'none'] as const) {
      const ref = `${reg.host}/drydock/db:${compression}`;
      const pub = await publishDatabase(ref, src, { ...creds, compression });
      assert.match(pub.digest, /^sha256:[0-9a-f]{64}$/);
      const art = await fetchArtifact(ref, creds);
      assert.equal(art.manifest.artifactType, DB_ARTIFACT_TYPE);
      assert.equal(art.manifest.config.mediaType, DB_CONFIG_MEDIA_TYPE);
      assert.equal(art.manifest.layers[0].mediaType, compression === 'none' ? DB_LAYER_MEDIA_TYPE : `${DB_LAYER_MEDIA_TYPE}+${compression}`);
      await art.close();
      const target = makeDb(['OLD-1']);
      const r = await pullDatabase(ref, target, creds);
      assert.equal(r.manifestDigest, pub.digest);
      assert.deepEqual(ids(target), ['GHSA-aaaa-0001', 'GHSA-aaaa-0002']);
      assert.deepEqual(readdirSync(dirname(target)).filter((n) => n.includes('.tmp-')), []);
    }
    // a database that does not exist yet is created
    const fresh = join(dirname(tempDbPath()), 'sub', 'vuln.db');
    await pullDatabase(`${reg.host}/drydock/db:zstd`, fresh, creds);
    assert.deepEqual(ids(fresh), ['GHSA-aaaa-0001', 'GHSA-aaaa-0002']);
  });

  test('without credentials the pull fails with AUTH and the old database stays', async () => {
    const src = makeDb(['GHSA-bbbb-0001']);
    await publishDatabase(`${reg.host}/drydock/db:auth`, src, creds);
    const target = makeDb(['OLD-1']);
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:auth`, target), (e: unknown) => e instanceof DrydockError && e.code === 'AUTH');
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:auth`, target, { username: auth.user, password: 'wrong' }), (e: unknown) => e instanceof DrydockError && e.code === 'AUTH');
    assert.deepEqual(ids(target), ['OLD-1']);
  });

  test('a tampered blob (digest mismatch) leaves the old database intact', async () => {
    const src = makeDb(['GHSA-cccc-0001']);
    const ref = `${reg.host}/drydock/db:tampered`;
    await publishDatabase(ref, src, { ...creds, compression: 'none' });
    const art = await fetchArtifact(ref, creds);
    const layer = art.manifest.layers[0];
    await art.close();
    // flip bytes inside the stored blob (same size, so the registry still serves it)
    const hex = layer.digest.slice('sha256:'.length);
    const file = join(dirname(reg.runDir), 'storage', 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    assert.ok(existsSync(file), file);
    const bytes = readFileSync(file);
    bytes.write('tampered!', 4096, 'latin1');
    writeFileSync(file, bytes);
    const target = makeDb(['OLD-1']);
    const before = statSync(target).mtimeMs;
    await assert.rejects(pullDatabase(ref, target, creds), (e: unknown) => e instanceof DrydockError && e.code === 'DIGEST_MISMATCH');
    assert.deepEqual(ids(target), ['OLD-1']);
    assert.equal(statSync(target).mtimeMs, before);
    assert.deepEqual(readdirSync(dirname(target)).filter((n) => n.includes('.tmp-')), []);
  });

  test('schema version: refused from the config before download, and from the file itself', async () => {
    const target = makeDb(['OLD-1']);
    // config announces another schema
    const good = makeDb(['GHSA-dddd-0001']);
    await pushArtifact(
      `${reg.host}/drydock/db:future`,
      {
        artifactType: DB_ARTIFACT_TYPE,
        config: { mediaType: DB_CONFIG_MEDIA_TYPE, data: Buffer.from(JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 })) },
        layers: [{ mediaType: DB_LAYER_MEDIA_TYPE, data: readFileSync(good) }],
      },
      creds,
    );
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:future`, target, creds), /has schema version 2, this drydock needs 1/);
    // config claims the current schema but the file has another user_version
    const odd = makeDb(['GHSA-dddd-0002']);
    const db = new Database(odd);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await pushArtifact(
      `${reg.host}/drydock/db:lying`,
      {
        artifactType: DB_ARTIFACT_TYPE,
        config: { mediaType: DB_CONFIG_MEDIA_TYPE, data: Buffer.from(JSON.stringify({ schemaVersion: SCHEMA_VERSION })) },
        layers: [{ mediaType: `${DB_LAYER_MEDIA_TYPE}+zstd`, data: readFileSync(odd) }], // mislabelled: sniffed as plain
      },
      creds,
    );
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:lying`, target, creds), (e: unknown) => e instanceof DrydockError && e.code === 'DB' && /schema version 2/.test(e.message));
    // not an SQLite file at all
    await pushArtifact(
      `${reg.host}/drydock/db:junk`,
      { artifactType: DB_ARTIFACT_TYPE, config: { mediaType: DB_CONFIG_MEDIA_TYPE, data: Buffer.from('{}') }, layers: [{ mediaType: DB_LAYER_MEDIA_TYPE, data: Buffer.alloc(4096, 7) }] },
      creds,
    );
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:junk`, target, creds), /not an SQLite database/);
    await pushArtifact(
      `${reg.host}/drydock/db:tiny`,
      { artifactType: DB_ARTIFACT_TYPE, config: { mediaType: DB_CONFIG_MEDIA_TYPE, data: Buffer.from('{}') }, layers: [{ mediaType: DB_LAYER_MEDIA_TYPE, data: Buffer.from('ab') }] },
      creds,
    );
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:tiny`, target, creds), /empty or truncated/);
    // some other artifact
    await pushArtifact(
      `${reg.host}/drydock/db:other`,
      { artifactType: 'application/vnd.example.thing', config: { mediaType: 'application/vnd.oci.empty.v1+json', data: Buffer.from('{}') }, layers: [{ mediaType: 'text/plain', data: Buffer.from('hi') }] },
      creds,
    );
    await assert.rejects(pullDatabase(`${reg.host}/drydock/db:other`, target, creds), /not a drydock database artifact/);
    assert.deepEqual(ids(target), ['OLD-1']);
    assert.deepEqual(readdirSync(dirname(target)).filter((n) => n.includes('.tmp-')), []);
  });
});
