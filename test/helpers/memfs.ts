// An in-memory FileResolver for cataloger unit tests: files from an inline tree or a real tar/rootfs.
import { posix } from 'node:path';
import type { FileMeta, FileResolver } from '../../src/image/layer/types.js';

export interface MemFile {
  content?: Buffer | string;
  mode?: number;
  uid?: number;
  gid?: number;
  symlink?: string;
  dir?: boolean;
}

export function memResolver(tree: Record<string, MemFile | string | Buffer>, layerIndex = 0): FileResolver {
  const metas = new Map<string, FileMeta & { layerIndex: number }>();
  const data = new Map<string, Buffer>();
  for (const [rawPath, v] of Object.entries(tree)) {
    const path = posix.normalize('/' + rawPath);
    const f: MemFile = typeof v === 'string' || Buffer.isBuffer(v) ? { content: v } : v;
    const content = f.content === undefined ? undefined : Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content);
    const kind = f.symlink !== undefined ? 'symlink' : f.dir ? 'dir' : 'file';
    metas.set(path, {
      path,
      kind,
      mode: f.mode ?? (kind === 'dir' ? 0o755 : 0o644),
      uid: f.uid ?? 0,
      gid: f.gid ?? 0,
      size: content?.length ?? 0,
      linkTarget: f.symlink,
      layerIndex,
    });
    if (content) data.set(path, content);
  }
  const realPath = (p: string): string | undefined => {
    let cur = posix.normalize('/' + p);
    for (let i = 0; i < 40; i++) {
      const m = metas.get(cur);
      if (!m) return undefined;
      if (m.kind !== 'symlink') return cur;
      cur = posix.normalize(m.linkTarget!.startsWith('/') ? m.linkTarget! : posix.join(posix.dirname(cur), m.linkTarget!));
    }
    return undefined;
  };
  return {
    stat: (p) => metas.get(posix.normalize('/' + p)),
    read: (p) => {
      const r = realPath(p);
      return r ? data.get(r) : undefined;
    },
    realPath,
    files: () => metas.values(),
    collected: () => data.keys(),
    layerOf: (p) => (metas.has(p) ? { index: layerIndex } : undefined),
  };
}
