// FIRST EPSS scores: CSV (`cve,epss,percentile`, after a `#model_version:…,score_date:…` comment), plain or gzip.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { DrydockError } from '../../errors.js';
import type { ImportContext } from './context.js';

export const EPSS_SOURCE = 'first-epss';

export async function importEpss(ctx: ImportContext, path: string): Promise<{ count: number; scoreDate?: string }> {
  const file = createReadStream(path);
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  let scoreDate: string | undefined;
  let sawHeader = false;
  let bad = 0;
  try {
    for await (const line of lines) {
      if (line.startsWith('#')) {
        scoreDate = /score_date:([0-9-]+)/.exec(line)?.[1] ?? scoreDate;
        continue;
      }
      if (!sawHeader) {
        if (!/^cve,epss,percentile/i.test(line)) throw new DrydockError('INVALID_INPUT', `${path} is not an EPSS CSV (header: ${line.slice(0, 60)})`);
        sawHeader = true;
        continue;
      }
      if (line === '') continue;
      const [cve, score, pct] = line.split(',');
      const s = Number(score);
      const p = Number(pct);
      if (!cve?.startsWith('CVE-') || Number.isNaN(s) || Number.isNaN(p)) {
        bad++;
        continue;
      }
      ctx.writer.putEpss(cve, s, p);
      count++;
    }
  } catch (e) {
    if (e instanceof DrydockError) throw e;
    throw new DrydockError('INVALID_INPUT', `cannot read EPSS file ${path}: ${(e as Error).message}`, { cause: e });
  }
  if (bad > 0) ctx.warn({ file: path, message: `${bad} malformed EPSS line(s) ignored` });
  ctx.seenSource(EPSS_SOURCE, 'epss');
  return { count, scoreDate };
}
