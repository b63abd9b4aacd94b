// Prebuilt databases as OCI artifacts: `drydock db update --db-repository REF` pulls one, `drydock db publish` pushes one.
// The pull streams the (digest-verified) layer into a temp file next to the database, checks that it opens with this
// drydock's schema version, and only then renames it over the old database: a failed or interrupted pull changes nothing.
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { basename, dirname } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { CompressStream, DecompressStream } from 'zstd-napi';
import { DrydockError } from '../errors.js';
import type { RegistryOptions } from '../image/registry/client.js';
import { fetchArtifact, pushArtifact } from '../image/registry/artifact.js';
import { SCHEMA_VERSION } from './schema.js';
import { openVulnStore } from './store.js';

export const DB_ARTIFACT_TYPE = 'application/vnd.drydock.db.v1';
export const DB_CONFIG_MEDIA_TYPE = 'application/vnd.drydock.db.config.v1+json';
export const DB_LAYER_MEDIA_TYPE = 'application/vnd.drydock.db.layer.v1';
const MAX_CONFIG = 1 << 20;

export interface DbArtifactConfig {
  schemaVersion: number;
  builtAt?: string;
  vulns?: number;
}

export interface PullResult {
  reference: string;
  manifestDigest: string;
  layerDigest: string;
  bytes: number;
}

/** The first `n` bytes of a stream, left in it; undefined when the stream ends before that. */
async function peek(s: Readable, n: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let len = 0;
  let ended = s.readableEnded;
  const onEnd = () => (ended = true);
  s.once('end', onEnd);
  try {
    while (len < n && !ended) {
      const c = s.read() as Buffer | null;
      if (c) {
        chunks.push(c);
        len += c.length;
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          s.off('readable', done).off('end', done).off('error', fail);
          resolve();
        };
        const fail = (e: Error) => {
          s.off('readable', done).off('end', done);
          reject(e);
        };
        s.once('readable', done).once('end', done).once('error', fail);
      });
    }
  } finally {
    s.off('end', onEnd);
  }
  if (len < n) return undefined;
  const head = Buffer.concat(chunks);
  s.unshift(head);
  return head;
}

/** gzip (1f8b) or zstd (28b52ffd) by magic number, else a plain SQLite file: publishers label compression inconsistently. */
function decoder(head: Buffer): Transform {
  if (head[0] === 0x1f && head[1] === 0x8b) return createGunzip();
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return new DecompressStream() as unknown as Transform;
  return new PassThrough();
}

/** Pulls the database artifact at `reference` and swaps it in atomically. */
export async function pullDatabase(reference: string, dbPath: string, opts: RegistryOptions & { onProgress?: (t: string) => void } = {}): Promise<PullResult> {
  const art = await fetchArtifact(reference, opts);
  const tmp = `${dbPath}.tmp-${process.pid}-pull`; // named like the writer's temps: removed if this process dies
  try {
    const m = art.manifest;
    const isDb = m.artifactType === DB_ARTIFACT_TYPE || m.config.mediaType === DB_CONFIG_MEDIA_TYPE;
    if (!isDb)
      throw new DrydockError('INVALID_INPUT', `${art.ref.familiar} is not a drydock database artifact (artifactType ${m.artifactType ?? 'none'}, config ${m.config.mediaType ?? 'none'})`, {
        hint: `publish one with \`drydock db publish --db-repository ${reference}\``,
      });
    const layer = m.layers.find((l) => l.mediaType?.startsWith(DB_LAYER_MEDIA_TYPE)) ?? (m.layers.length === 1 ? m.layers[0] : undefined);
    if (!layer) throw new DrydockError('INVALID_INPUT', `${art.ref.familiar} has no database layer (${DB_LAYER_MEDIA_TYPE}[+zstd|+gzip])`);
    // the config says which schema the database has: refuse early, before downloading
    if (m.config.mediaType === DB_CONFIG_MEDIA_TYPE) {
      let cfg: Partial<DbArtifactConfig> = {};
      try {
        cfg = JSON.parse((await art.readBlob(m.config, MAX_CONFIG)).toString('utf8')) as Partial<DbArtifactConfig>;
      } catch (e) {
        if (e instanceof DrydockError && e.code !== 'INVALID_INPUT') throw e;
      }
      if (typeof cfg.schemaVersion === 'number' && cfg.schemaVersion !== SCHEMA_VERSION)
        throw new DrydockError('DB', `the database at ${art.ref.familiar} has schema version ${cfg.schemaVersion}, this drydock needs ${SCHEMA_VERSION}`, {
          hint: 'pull a tag published for this drydock version, or run `drydock db update` without --db-repository',
        });
    }
    mkdirSync(dirname(dbPath), { recursive: true });
    opts.onProgress?.(`downloading ${art.ref.familiar} (${layer.size !== undefined ? `${(layer.size / 1e6).toFixed(1)} MB` : 'size unknown'})`);
    let got = 0;
    const blob = await art.openBlob(layer);
    const counter = new Transform({
      transform(c: Buffer, _e, cb) {
        got += c.length;
        cb(null, c);
      },
    });
    const head = await peek(blob, 4);
    if (!head) {
      blob.destroy();
      throw new DrydockError('INVALID_INPUT', `the database layer of ${art.ref.familiar} is empty or truncated`);
    }
    try {
      await pipeToFile(tmp, blob, counter, decoder(head));
    } catch (e) {
      if (e instanceof DrydockError) throw e;
      throw new DrydockError('NETWORK', `download of ${art.ref.familiar} failed: ${(e as Error).message}`, { cause: e, hint: 'the existing database was not changed; retry' });
    }
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // the same checks a scan makes: SQLite header, schema version, completed build
    try {
      openVulnStore(tmp).close();
    } catch (e) {
      if (e instanceof DrydockError) throw new DrydockError('DB', `${art.ref.familiar}: ${e.message.replace(tmp, 'the downloaded database')}`, { cause: e, hint: e.hint });
      throw e;
    }
    renameSync(tmp, dbPath);
    return { reference: art.ref.familiar, manifestDigest: m.digest, layerDigest: layer.digest, bytes: got };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    await art.close();
  }
}

export interface PublishResult {
  reference: string;
  digest: string;
  layerBytes: number;
}

/**
 * Streams into a file. On failure it returns only once the file is closed: the pipeline rejects on the first error
 * while the file may still be opening, and a temp file removed before that came back (seen as a flaky test).
 */
async function pipeToFile(path: string, ...streams: [Readable, ...Transform[]]): Promise<void> {
  const out = createWriteStream(path);
  try {
    await pipeline([...streams, out]);
  } catch (e) {
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    throw e;
  }
}

/** Pushes the database at `dbPath` (zstd-compressed) as an OCI artifact. */
export async function publishDatabase(reference: string, dbPath: string, opts: RegistryOptions & { compression?: 'zstd' | 'gzip' | 'none' } = {}): Promise<PublishResult> {
  const store = openVulnStore(dbPath); // refuse to publish a corrupt, foreign or unfinished database
  const meta = store.metadata();
  const counts = store.counts();
  store.close();
  const compression = opts.compression ?? 'zstd';
  const layerFile = `${dbPath}.tmp-${process.pid}-publish`;
  try {
    // compress once into a temp file, hashing as we go: the upload then streams it with a known digest and size
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(c: Buffer, _e, cb) {
        hash.update(c);
        size += c.length;
        cb(null, c);
      },
    });
    const compress: Transform =
      compression === 'zstd' ? new CompressStream({ compressionLevel: 9 }) : compression === 'gzip' ? createGzip({ level: 6 }) : new PassThrough();
    await pipeToFile(layerFile, createReadStream(dbPath), compress, tap);
    const digest = `sha256:${hash.digest('hex')}`;
    const config: DbArtifactConfig = { schemaVersion: meta.schemaVersion, builtAt: meta.builtAt, vulns: counts.vulns };
    const r = await pushArtifact(
      reference,
      {
        artifactType: DB_ARTIFACT_TYPE,
        config: { mediaType: DB_CONFIG_MEDIA_TYPE, data: Buffer.from(JSON.stringify(config)) },
        layers: [
          {
            mediaType: compression === 'none' ? DB_LAYER_MEDIA_TYPE : `${DB_LAYER_MEDIA_TYPE}+${compression}`,
            data: () => createReadStream(layerFile),
            digest,
            size,
            annotations: { 'org.opencontainers.image.title': basename(dbPath) },
          },
        ],
        annotations: meta.builtAt ? { 'org.opencontainers.image.created': meta.builtAt } : undefined,
      },
      opts,
    );
    return { reference: r.ref.familiar, digest: r.digest, layerBytes: statSync(layerFile).size };
  } finally {
    rmSync(layerFile, { force: true });
  }
}
