// The webhook's HTTPS server on node:https (lean on purpose: the latency budget is a few ms per review).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../errors.js';
import { parseAdmissionReview, reviewResponse } from './review.js';
import type { AdmissionPolicy } from './policy.js';
import type { VulnGate } from './vuln-gate.js';
import { admit } from './admit.js';
import { AdmissionMetrics } from './metrics.js';
import { readKeyPair, watchKeyPair, TLS_OPTIONS, type CertWatcher } from './tls-reload.js';

/** What the API server itself accepts for an object (3 MiB), plus room for the AdmissionReview envelope. */
export const DEFAULT_MAX_BODY = 3 * 1024 * 1024 + 64 * 1024;

export interface AdmissionServerOptions {
  policy: AdmissionPolicy;
  gate?: VulnGate;
  certFile: string;
  keyFile: string;
  host?: string;
  /** 0 = any free port */
  port?: number;
  maxBodyBytes?: number;
  /** a body not fully received by then gets a 400 (ms) */
  bodyTimeoutMs?: number;
  certCheckIntervalMs?: number;
  log?: (message: string) => void;
}

export interface AdmissionServer {
  readonly url: string;
  readonly port: number;
  readonly metrics: AdmissionMetrics;
  readonly server: Server;
  /** re-reads the certificate files now (the watcher does it by itself) */
  reloadCertificate(): Promise<boolean>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json', close = false): void {
  // the flat [name, value, …] form skips header-object bookkeeping on the hot path
  const len = String(Buffer.byteLength(body));
  res.writeHead(status, close ? ['content-type', type, 'content-length', len, 'connection', 'close'] : ['content-type', type, 'content-length', len]);
  res.end(body);
}

const problem = (message: string) => JSON.stringify({ error: message });

/** A request rejected before a decision (a module-level function: no closure per review). */
function fail(metrics: AdmissionMetrics, req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  metrics.errors.inc({ status: String(status) });
  // the rest of an oversized or stalled body is not worth reading: close the connection instead
  send(res, status, problem(message), 'application/json', status !== 400 || !req.complete);
  if (!req.complete) req.resume();
}

export async function startAdmissionServer(o: AdmissionServerOptions): Promise<AdmissionServer> {
  const log = o.log ?? (() => undefined);
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const bodyTimeout = o.bodyTimeoutMs ?? 5_000;
  const metrics = new AdmissionMetrics();
  const pair = await readKeyPair(o.certFile, o.keyFile);
  let ready = false;

  const validate = (req: IncomingMessage, res: ServerResponse, start: bigint) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxBody) return fail(metrics, req, res, 400, `request body of ${declared} bytes exceeds the ${maxBody}-byte limit`);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      fail(metrics, req, res, 400, `request body not received within ${bodyTimeout} ms`);
    }, bodyTimeout);
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBody) {
        done = true;
        clearTimeout(timer);
        return fail(metrics, req, res, 400, `request body exceeds the ${maxBody}-byte limit`);
      }
      chunks.push(c);
    });
    req.on('error', () => clearTimeout(timer));
    req.on('end', () => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      let json: unknown;
      try {
        json = JSON.parse((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8'));
      } catch (e) {
        return fail(metrics, req, res, 400, `malformed JSON: ${errorMessage(e)}`);
      }
      const parsed = parseAdmissionReview(json);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        return fail(metrics, req, res, 400, `not an admission.k8s.io/v1 AdmissionReview: ${i.path.join('.') || 'body'}: ${i.message}`);
      }
      const request = parsed.data.request;
      admit(request, { policy: o.policy, gate: o.gate }).then(
        (r) => {
          const decision = r.decision.skipped ? 'skipped' : r.response.allowed ? (r.violations.length ? 'allowed_with_violations' : 'allowed') : 'denied';
          metrics.requests.inc({ kind: request.kind.kind, operation: request.operation, decision });
          for (const v of r.violations) metrics.denials.inc({ rule: v.rule, mode: r.decision.mode });
          if (r.gate) {
            metrics.gate.inc({ result: 'cache_hit' }, r.gate.cacheHits);
            metrics.gate.inc({ result: 'cache_miss' }, r.gate.cacheMisses);
            metrics.gate.inc({ result: 'unfinished' }, r.gate.unfinished);
          }
          send(res, 200, JSON.stringify(reviewResponse(r.response)));
          metrics.latency.observe(Number(process.hrtime.bigint() - start) / 1e9);
        },
        (e) => {
          log(`review ${request.uid} failed: ${errorMessage(e)}`);
          metrics.errors.inc({ status: '500' });
          send(res, 500, problem('internal error while reviewing the request'));
        },
      );
    });
  };

  const server = createServer({ ...TLS_OPTIONS, cert: pair.cert, key: pair.key }, (req, res) => {
    const start = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/validate') {
      if (req.method !== 'POST') return send(res, 405, problem('use POST'));
      return validate(req, res, start);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, problem('use GET'));
    if (path === '/healthz') return send(res, 200, 'ok\n', 'text/plain');
    if (path === '/readyz') return ready ? send(res, 200, 'ok\n', 'text/plain') : send(res, 503, 'not ready\n', 'text/plain');
    if (path === '/metrics') return send(res, 200, metrics.render(), 'text/plain; version=0.0.4');
    send(res, 404, problem('not found'));
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = Math.max(bodyTimeout + 1_000, (o.policy.vulnerabilities?.deadline ?? 0) + 5_000);
  server.keepAliveTimeout = 65_000;
  server.on('tlsClientError', () => undefined);

  const watcher: CertWatcher = watchKeyPair(o.certFile, o.keyFile, (p) => server.setSecureContext({ ...TLS_OPTIONS, cert: p.cert, key: p.key }), {
    intervalMs: o.certCheckIntervalMs,
    onReload: () => {
      metrics.reloads.inc({ result: 'ok' });
      log('serving certificate reloaded');
    },
    onError: (e) => {
      metrics.reloads.inc({ result: 'error' });
      log(`certificate reload failed, keeping the previous one: ${errorMessage(e)}`);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8443, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  ready = true;
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `https://${host}:${addr.port}`,
    port: addr.port,
    metrics,
    server,
    reloadCertificate: () => watcher.check(),
    close: () =>
      new Promise<void>((resolve) => {
        ready = false;
        watcher.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
