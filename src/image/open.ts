// Picks the image source from the argument (skopeo-style prefixes, then what is on disk, then a registry).
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { DrydockError } from '../errors.js';
import type { ImageSource, OpenImageOptions } from './types.js';
import { indexTar } from './sources/tar-index.js';
import { openDockerArchive } from './sources/docker-archive.js';
import { openOciArchive } from './sources/oci-archive.js';
import { openOciLayout } from './sources/oci-layout.js';
import { openRootfs } from './sources/rootfs.js';

type Kind = NonNullable<OpenImageOptions['inputType']>;

const PREFIXES: Record<string, Kind> = {
  'docker-archive': 'docker-archive',
  'oci-archive': 'oci-archive',
  oci: 'oci-layout',
  'oci-layout': 'oci-layout',
  dir: 'rootfs',
  rootfs: 'rootfs',
  docker: 'registry',
  registry: 'registry',
};

/**
 * Opens an image from `ref`:
 * - `docker-archive:PATH[:TAG]`, `oci-archive:PATH[:TAG]`, `oci:PATH[:TAG]`, `dir:PATH` / `rootfs:PATH`, `docker://REF`;
 * - else an existing file (docker-archive if it has manifest.json, else oci-archive), an existing directory
 *   (OCI layout if it has oci-layout + index.json, else a root filesystem), `PATH:TAG` for an existing PATH;
 * - else a registry reference. A path-looking argument that does not exist is NOT_FOUND, never a registry lookup.
 * `opts.inputType` forces the kind; the argument is then a path (or a registry reference).
 */
export async function openImage(ref: string, opts: OpenImageOptions = {}): Promise<ImageSource> {
  if (!ref) throw new DrydockError('USAGE', 'no image given');
  let kind: Kind | undefined = opts.inputType;
  let rest = ref;
  const m = /^([a-z-]+):(.*)$/s.exec(ref);
  if (m && PREFIXES[m[1]] !== undefined) {
    const pk = PREFIXES[m[1]];
    if (kind !== undefined && kind !== pk) throw new DrydockError('USAGE', `"${ref}" is a ${pk} reference but --input-type is ${kind}`);
    kind = pk;
    rest = m[1] === 'docker' ? m[2].replace(/^\/\//, '') : m[2];
  }
  if (kind === 'registry') return openRegistry(rest, opts);

  const { path, tag, st } = await splitPathTag(rest);
  if (!st) {
    if (kind !== undefined || looksLikePath(rest)) {
      throw new DrydockError('NOT_FOUND', `${rest} does not exist`, { hint: 'check the path; registry images are written like alpine:3.20' });
    }
    return openRegistry(ref, opts);
  }
  const resolved: Kind | 'archive' = kind ?? (st.isDirectory() ? await dirKind(path) : 'archive');
  switch (resolved) {
    case 'rootfs':
      if (tag !== undefined) throw new DrydockError('USAGE', `a root filesystem directory has no tags: ${ref}`);
      return openRootfs(path, ref);
    case 'oci-layout':
      return openOciLayout(path, tag, opts, ref);
    case 'docker-archive':
      return openDockerArchive(path, tag, opts, ref);
    case 'oci-archive':
      return openOciArchive(path, tag, opts, ref);
    default: {
      if (!st.isFile()) throw new DrydockError('INVALID_INPUT', `${path} is neither a file nor a directory`);
      const index = await indexTar(path);
      const hasDocker = index.lookup('manifest.json') !== undefined;
      const hasOci = index.lookup('oci-layout') !== undefined && index.lookup('index.json') !== undefined;
      // Docker 25+ and containerd write both; docker-archive gives RepoTags, OCI gives platform selection.
      if (hasDocker && !(hasOci && opts.platform)) return openDockerArchive(path, tag, opts, ref, index);
      if (hasOci) return openOciArchive(path, tag, opts, ref, index);
      throw new DrydockError('INVALID_INPUT', `${path} is a tar archive but neither a docker-archive nor an oci-archive`, {
        hint: 'expected manifest.json, or oci-layout and index.json, at the top of the archive',
      });
    }
  }
}

async function openRegistry(ref: string, opts: OpenImageOptions): Promise<ImageSource> {
  const { openRegistryImage } = await import('./registry/index.js');
  return openRegistryImage(ref, opts);
}

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

/** "PATH" if it exists, else "PATH:TAG" for the longest existing PATH. */
async function splitPathTag(s: string): Promise<{ path: string; tag?: string; st?: Stats }> {
  const whole = await statOrUndefined(s);
  if (whole) return { path: s, st: whole };
  // Right to left: the tag may itself contain colons (docker-archive:x.tar:repo:tag).
  for (let i = s.lastIndexOf(':'); i > 0; i = s.lastIndexOf(':', i - 1)) {
    const st = await statOrUndefined(s.slice(0, i));
    if (st) return { path: s.slice(0, i), tag: s.slice(i + 1) || undefined, st };
  }
  return { path: s };
}

async function dirKind(dir: string): Promise<Kind> {
  const layout = await statOrUndefined(`${dir}/oci-layout`);
  const index = await statOrUndefined(`${dir}/index.json`);
  return layout?.isFile() && index?.isFile() ? 'oci-layout' : 'rootfs';
}

function looksLikePath(s: string): boolean {
  return /^(\.{0,2}\/|~)/.test(s) || /\.(tar|tgz|tar\.gz|tar\.zst|oci)$/i.test(s) || s.includes('\\');
}
