// Test helper: read a (gzip / zstd / plain) tar straight into an in-memory FileResolver, so cataloger
// tests need no extraction. Only contents of paths accepted by `filter` are kept (metadata of all).
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { DecompressStream } from 'zstd-napi';
import { memResolver, type MemFile } from './memfs.js';
import type { FileResolver } from '../../src/image/layer/types.js';

async function sniff(file: string): Promise<'gz' | 'zst' | 'plain'> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    if (b[0] === 0x1f && b[1] === 0x8b) return 'gz';
    if (b.readUInt32LE(0) === 0xfd2fb528) return 'zst';
    return 'plain';
  } finally {
    await fh.close();
  }
}

/** Tar entries as a MemFile tree (content only for paths the filter accepts). */
export async function treeFromTar(file: string, filter: (path: string) => boolean = () => true): Promise<Record<string, MemFile>> {
  const tree: Record<string, MemFile> = {};
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const path = '/' + entry.path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      if (path === '/') return entry.resume();
      if (entry.type === 'SymbolicLink') {
        tree[path] = { symlink: entry.linkpath ?? '' };
        return entry.resume();
      }
      if (entry.type === 'Directory') {
        tree[path] = { dir: true, mode: entry.mode };
        return entry.resume();
      }
      if (entry.type === 'Link') {
        // hard link: share the target's content when it was kept
        const target = '/' + (entry.linkpath ?? '').replace(/^\.?\/+/, '');
        tree[path] = { ...tree[target] };
        return entry.resume();
      }
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') return entry.resume();
      if (!filter(path)) {
        tree[path] = { mode: entry.mode, content: undefined };
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        tree[path] = { mode: entry.mode, content: Buffer.concat(chunks) };
      });
    },
  });
  const kind = await sniff(file);
  const src = createReadStream(file);
  if (kind === 'gz') await pipeline(src, createGunzip(), parser);
  else if (kind === 'zst') await pipeline(src, new DecompressStream(), parser);
  else await pipeline(src, parser);
  return tree;
}

export async function resolverFromTar(file: string, filter?: (path: string) => boolean): Promise<FileResolver> {
  return memResolver(await treeFromTar(file, filter));
}
