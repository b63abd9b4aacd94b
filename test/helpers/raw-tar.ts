// Builds tar bytes by hand, so tests can craft what no tar tool writes: "../" names, lying sizes, sparse headers.
export interface RawEntry {
  name: string;
  /** typeflag: '0' file (default), '1' hardlink, '2' symlink, '5' dir, 'S' GNU sparse, … */
  type?: string;
  data?: Buffer | string;
  /** size written into the header (defaults to the data length): may lie */
  size?: number;
  linkName?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  /** pax extended header records written before this entry */
  pax?: Record<string, string>;
}

export function rawTar(entries: RawEntry[], opts: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.pax) {
      const body = Buffer.from(Object.entries(e.pax).map(([k, v]) => paxRecord(k, v)).join(''));
      parts.push(header({ name: 'PaxHeaders/x', type: 'x', size: body.length }), pad(body));
    }
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    parts.push(header({ ...e, size: e.size ?? data.length }), pad(data));
  }
  if (opts.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function paxRecord(k: string, v: string): string {
  const body = ` ${k}=${v}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}

function pad(b: Buffer): Buffer {
  const rem = b.length % 512;
  return rem === 0 ? b : Buffer.concat([b, Buffer.alloc(512 - rem)]);
}

function header(e: RawEntry & { size: number }): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name.slice(0, 100), 0, 'utf8');
  octal(h, 100, 8, e.mode ?? 0o644);
  octal(h, 108, 8, e.uid ?? 0);
  octal(h, 116, 8, e.gid ?? 0);
  if (e.size > 0o77777777777) {
    // GNU base-256 for sizes above 8 GiB
    h[124] = 0x80;
    let v = BigInt(e.size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  } else octal(h, 124, 12, e.size);
  octal(h, 136, 12, 1700000000);
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.linkName) h.write(e.linkName.slice(0, 100), 157, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  octal(h, 148, 7, sum);
  return h;
}

function octal(b: Buffer, off: number, len: number, v: number): void {
  b.write(v.toString(8).padStart(len - 1, '0') + '\0', off, len, 'latin1');
}
