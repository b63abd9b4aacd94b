// --platform parsing and choosing a manifest from an image index (containerd's matching rules, simplified).
import { DrydockError } from '../../errors.js';
import type { Descriptor } from './manifest.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };
/** variant assumed when an index entry or the user gives none */
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

export function parsePlatform(spec: string | undefined): Platform {
  const s = (spec ?? 'linux/amd64').trim().toLowerCase();
  const parts = s.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)))
    throw new DrydockError('USAGE', `invalid platform "${(spec ?? '').slice(0, 60)}"`, { hint: 'use os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8' });
  const architecture = ARCH_ALIASES[parts[1]] ?? parts[1];
  return { os: parts[0], architecture, variant: parts[2] };
}

export function formatPlatform(p: { os?: string; architecture?: string; variant?: string }): string {
  return [p.os ?? '?', p.architecture ?? '?', p.variant].filter(Boolean).join('/');
}

function variantOf(arch: string, v: string | undefined): string | undefined {
  return v || DEFAULT_VARIANT[arch];
}

/** The best index entry for `want`, or a NOT_FOUND error listing what the index offers. */
export function selectPlatform(manifests: Descriptor[], want: Platform, name: string): Descriptor {
  const candidates = manifests.filter((m) => m.platform && m.platform.os !== 'unknown' && m.platform.architecture !== 'unknown');
  const same = candidates.filter((m) => m.platform!.os === want.os && (ARCH_ALIASES[m.platform!.architecture] ?? m.platform!.architecture) === want.architecture);
  const wantVariant = variantOf(want.architecture, want.variant);
  const exact = same.find((m) => variantOf(want.architecture, m.platform!.variant) === wantVariant);
  // No variant asked: any variant of the architecture is better than nothing (e.g. arm/v6 only).
  const pick = exact ?? (want.variant ? undefined : same[0]);
  if (pick) return pick;
  const available = [...new Set(candidates.map((m) => formatPlatform(m.platform!)))];
  throw new DrydockError('NOT_FOUND', `no image for platform ${formatPlatform(want)} in ${name}; available: ${available.join(', ') || 'none'}`, {
    hint: available.length ? `pass --platform ${available[0]}` : undefined,
  });
}
