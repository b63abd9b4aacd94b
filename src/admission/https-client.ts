// A small keep-alive HTTPS client for tests and the bench (127.0.0.1 only, trusts the given CA).
import { Agent, request } from 'node:https';

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

export function httpsAgent(ca: string | Buffer, maxSockets = 16): Agent {
  return new Agent({ keepAlive: true, maxSockets, ca, minVersion: 'TLSv1.2' });
}

export function httpsRequest(url: string, opts: { agent: Agent; method?: string; body?: string | Buffer; headers?: Record<string, string>; timeoutMs?: number }): Promise<HttpResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', agent: opts.agent, headers: { 'content-type': 'application/json', ...opts.headers }, timeout: opts.timeoutMs ?? 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - start }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
