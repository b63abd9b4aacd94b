import { packageUrlLib } from '../purl-lib.js';
import type { Distro } from '../model.js';
import type { ScanReport } from '../../report/types.js';

export function osBomRef(d: Distro): string {
  return `os:${d.id}@${d.versionId ?? 'unknown'}`;
}

/** pkg:oci/<name>@<digest>?repository_url=<registry/repo>&tag=<tag>; only with a manifest digest. */
export function imagePurl(report: ScanReport): string | undefined {
  const img = report.artifact.image;
  if (!img?.manifestDigest) return undefined;
  const full = img.name ?? img.reference;
  const { repo, tag } = splitRef(full);
  const name = repo.split('/').pop()!.toLowerCase();
  const qualifiers: Record<string, string> = {};
  if (repo.includes('/')) qualifiers.repository_url = repo;
  if (tag) qualifiers.tag = tag;
  if (img.platform?.architecture) qualifiers.arch = img.platform.architecture;
  return new (packageUrlLib().PackageURL)('oci', undefined, name, img.manifestDigest, qualifiers, undefined).toString();
}

function splitRef(ref: string): { repo: string; tag?: string } {
  const noDigest = ref.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon > slash) return { repo: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) };
  return { repo: noDigest };
}
