// Base-image advice: scan the base, list its registry tags, keep its tag family, scan the best candidates
// (minor, major, smaller variant, rebuilt tag) through one layer cache, and explain each choice.
import type { OpenImageOptions } from '../image/types.js';
import type { LayerCache } from '../scan/inventory.js';
import type { VulnStore } from '../vulndb/types.js';
import type { Finding } from '../match/types.js';
import type { Distro } from '../sbom/model.js';
import type { Warning } from '../errors.js';
import { DrydockError, errorMessage } from '../errors.js';
import { listTags, makeReference, parseReference, resolveDigest, type ImageReference } from '../image/registry/index.js';
import { scanImage } from '../scan/scan-image.js';
import { alternativeTags, familyUpgrades, formatRelease, parseTag, type ParsedTag } from './tags.js';
import { compareRisk, countFindings, countsText, deltaCounts, formatSize, signed } from './counts.js';
import { remediate } from './remediation.js';
import type { Advice, AdvisedImage, BaseDetection, Recommendation, RecommendationKind } from './types.js';

export interface AdviseOptions {
  store: VulnStore;
  /** registry options (credentials, insecure, CA, platform, onBlobFetch) */
  open?: OpenImageOptions;
  layerCache?: LayerCache;
  /** candidate images scanned besides the base, default 5 */
  maxCandidates?: number;
  /** registries (host, or host/repository prefix) advice may query; all when unset */
  allowRegistries?: readonly string[];
  ignoreUnfixed?: boolean;
  /** findings of the built image, for per-package remediation (else the base image's) */
  findings?: Finding[];
  distro?: Distro;
  warn?: (w: Warning) => void;
  /** candidate scans run at once, default 3 */
  concurrency?: number;
}

interface Scanned extends AdvisedImage {
  findings: Finding[];
  distro?: Distro;
}

interface Candidate {
  kind: RecommendationKind;
  ref: ImageReference;
  tag?: ParsedTag;
}

export function registryAllowed(ref: ImageReference, allow: readonly string[] | undefined): boolean {
  if (!allow?.length) return true;
  const full = `${ref.registry}/${ref.repository}`;
  return allow.some((a) => {
    const p = a.trim().replace(/\/+$/, '');
    return p === ref.registry || full === p || full.startsWith(`${p}/`);
  });
}

export async function adviseBase(base: BaseDetection, opts: AdviseOptions): Promise<Advice> {
  const ref = parseReference(base.image);
  if (!registryAllowed(ref, opts.allowRegistries)) {
    throw new DrydockError('USAGE', `base image ${ref.familiar} is in a registry outside the allow-list (${opts.allowRegistries?.join(', ')})`, {
      hint: 'add its registry to --allow-registry, or scan without advice',
    });
  }
  const open: OpenImageOptions = { ...opts.open, ...(base.platform ? { platform: base.platform } : {}) };
  const notes: string[] = [];
  const scan = async (r: ImageReference): Promise<Scanned> => {
    const report = await scanImage(`docker://${r.toString()}`, { ...open, store: opts.store, layerCache: opts.layerCache, scanners: ['vuln'], ignoreUnfixed: opts.ignoreUnfixed });
    const img = report.artifact.image;
    return { image: r.familiar, digest: img?.manifestDigest, counts: countFindings(report.findings), size: img?.size, findings: report.findings, distro: report.artifact.distro };
  };

  const repoRef = (tag: string, digest?: string) => makeReference(ref.registry, ref.repository, tag, digest);
  const current = ref.tag ? parseTag(ref.tag) : undefined;
  // tag list and tag digest are looked up while the base is scanned (round trips, no layers)
  const tagsP = current
    ? listTags(ref.toString(), open).catch((e: unknown) => {
        notes.push(`could not list the tags of ${ref.registry}/${ref.repository}: ${errorMessage(e)}`);
        return [] as string[];
      })
    : Promise.resolve([] as string[]);
  const nowP =
    ref.tag && ref.digest
      ? resolveDigest(repoRef(ref.tag).toString(), open).catch((e: unknown) => {
          notes.push(`could not resolve ${repoRef(ref.tag!).familiar}: ${errorMessage(e)}`);
          return undefined;
        })
      : Promise.resolve(undefined);
  // the base is scanned before any candidate: it shares most layers with them, which then hit the cache
  const [baseScan, tags, now] = await Promise.all([scan(ref), tagsP, nowP]);
  const candidates: Candidate[] = [];
  if (ref.tag && now && now !== ref.digest) candidates.push({ kind: 'refresh', ref: repoRef(ref.tag, now), tag: current });
  if (!current) {
    notes.push(`tag "${ref.tag ?? ref.digest}" carries no version: only a rebuilt tag can be suggested`);
  } else {
    const { minor, major } = familyUpgrades(current, tags);
    if (minor) candidates.push({ kind: 'minor', ref: repoRef(minor.tag), tag: minor });
    if (major) candidates.push({ kind: 'major', ref: repoRef(major.tag), tag: major });
    const release = (minor ?? current).release;
    for (const alt of alternativeTags(current, release, tags)) candidates.push({ kind: 'alternative', ref: repoRef(alt.tag), tag: alt });
  }

  const budget = opts.maxCandidates ?? 5;
  if (candidates.length > budget) notes.push(`${candidates.length - budget} candidate(s) not scanned (--advice-candidates ${budget})`);
  // candidates in parallel: with a warm cache each scan is mostly registry round trips
  const results = await mapLimit(candidates.slice(0, budget), opts.concurrency ?? 3, async (c) => {
    try {
      return { ...c, result: await scan(c.ref) };
    } catch (e) {
      notes.push(`could not scan ${c.ref.familiar}: ${errorMessage(e)}`);
      return undefined;
    }
  });
  const scanned = results.filter((r): r is Candidate & { result: Scanned } => r !== undefined);

  const recommendations: Recommendation[] = [];
  const toRec = (c: (typeof scanned)[number], reasons: string[]): Recommendation => ({
    kind: c.kind,
    image: c.result.image,
    tag: c.ref.tag,
    digest: c.result.digest,
    counts: c.result.counts,
    delta: deltaCounts(c.result.counts, baseScan.counts),
    size: c.result.size,
    sizeDelta: c.result.size !== undefined && baseScan.size !== undefined ? c.result.size - baseScan.size : undefined,
    reasons: [...reasons, ...changeReasons(baseScan, c.result)],
  });
  const family = current?.variant ? `"${current.variant}" family` : 'family without a variant suffix';
  for (const c of scanned) {
    if (c.kind === 'refresh') {
      recommendations.push(toRec(c, [`tag ${ref.tag} was rebuilt: it now points to ${c.result.digest ?? c.ref.digest} (the build used ${ref.digest}); re-pin to pick up the rebuilt packages`]));
    } else if (c.kind === 'minor' && c.tag && current) {
      const line = c.tag.release.length >= 3 ? c.tag.release.slice(0, 2).join('.') : String(c.tag.release[0]);
      recommendations.push(toRec(c, [`newest tag of the ${line} line in the ${family} (${formatRelease(current)} -> ${formatRelease(c.tag)})`]));
    } else if (c.kind === 'major' && c.tag) {
      recommendations.push(toRec(c, [`newest tag of a newer major line (${c.tag.release[0]}) in the ${family}: check the release notes for breaking changes`]));
    }
  }
  const alternative = bestAlternative(scanned.filter((c) => c.kind === 'alternative'));
  if (alternative) {
    const compareTo = scanned.find((c) => c.kind === 'minor')?.result ?? baseScan;
    const risk = compareRisk(alternative.result.counts, compareTo.counts);
    const smaller = alternative.result.size !== undefined && compareTo.size !== undefined && alternative.result.size < compareTo.size;
    if (risk < 0 || (risk === 0 && smaller)) {
      const why = [`same release with the smaller "${alternative.tag?.variant}" variant`];
      if (smaller) why.push(`${formatSize(compareTo.size! - alternative.result.size!)} smaller than ${compareTo.image}`);
      if (risk < 0) why.push(`fewer vulnerabilities than ${compareTo.image} (${countsText(compareTo.counts)})`);
      recommendations.push(toRec(alternative, why));
    } else {
      notes.push(`alternative ${alternative.result.image} is not lower-risk than ${compareTo.image}`);
    }
  }

  const advice: Advice = {
    base: { image: ref.familiar, tag: ref.tag, digest: baseScan.digest, counts: baseScan.counts, size: baseScan.size, source: base.source, line: base.line },
    recommendations,
    summary: [],
    notes,
    candidatesScanned: scanned.length,
  };
  advice.remediation = remediate(opts.findings ?? baseScan.findings, opts.distro ?? baseScan.distro, scanned.map((c) => ({ kind: c.kind, findings: c.result.findings })));
  advice.summary = summarize(advice);
  return advice;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function bestAlternative<T extends { result: Scanned }>(list: T[]): T | undefined {
  return [...list].sort((a, b) => compareRisk(a.result.counts, b.result.counts) || (a.result.size ?? Infinity) - (b.result.size ?? Infinity))[0];
}

const vulnKey = (f: Finding) => `${f.package.name}|${f.id}`;

function changeReasons(base: Scanned, cand: Scanned): string[] {
  const before = new Set(base.findings.filter((f) => !f.suppressed).map(vulnKey));
  const after = new Set(cand.findings.filter((f) => !f.suppressed).map(vulnKey));
  const fixed = [...before].filter((k) => !after.has(k)).length;
  const added = [...after].filter((k) => !before.has(k)).length;
  const out = [`${cand.counts.total} vulnerabilities (${signed(cand.counts.total - base.counts.total)} against ${base.image}): fixes ${fixed}, introduces ${added}`];
  if (cand.size !== undefined && base.size !== undefined) out.push(`size ${formatSize(cand.size)} (${signed(cand.size - base.size)} bytes)`);
  return out;
}

const KIND_LABEL: Record<RecommendationKind, string> = { minor: 'Minor upgrade', major: 'Major upgrade', alternative: 'Alternative', refresh: 'Refresh' };

export function summarize(a: Pick<Advice, 'base' | 'recommendations'>): string[] {
  const c = a.base.counts;
  const parts = [`critical ${c.critical}`, `high ${c.high}`, `medium ${c.medium}`, `low ${c.low}`, ...(c.unknown ? [`unknown ${c.unknown}`] : [])];
  const lines = [`Base image ${a.base.image} has ${c.total} vulnerabilities (${parts.join(', ')}).`];
  for (const r of a.recommendations) {
    lines.push(`${KIND_LABEL[r.kind]} ${r.image}: ${r.counts.critical} critical, ${r.counts.high} high, ${r.counts.total} total (${signed(r.delta.total)}).`);
  }
  if (a.recommendations.length === 0) lines.push('No better base image found.');
  return lines;
}
