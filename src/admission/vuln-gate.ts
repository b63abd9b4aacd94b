// The image vulnerability gate: digest-keyed TTL cache, in-flight dedupe, and a deadline so the API server never waits.
import type { Finding, Severity } from '../match/types.js';
import { SEVERITY_RANK } from '../misconfig/rule.js';
import { errorMessage } from '../errors.js';
import type { VulnerabilityPolicy } from './policy.js';
import type { GateImage } from './decide.js';
import type { Violation } from './messages.js';
import { appendAll } from '../collections.js';

/** Where findings come from; the registry-backed one lives in registry-scanner.ts. */
export interface ImageScanner {
  /** manifest digest the reference points to now */
  resolve(image: string): Promise<string>;
  /** findings of the image at `digest` (already filtered of suppressed ones or not: the gate ignores suppressed) */
  scan(image: string, digest: string): Promise<Finding[]>;
}

export interface GateResult {
  deny: Violation[];
  warnings: string[];
  /** images whose scan did not finish in time or failed */
  unfinished: string[];
  cacheHits: number;
  cacheMisses: number;
}

export interface GateOptions {
  /** how long a tag → digest resolution is trusted (ms); tags move, so shorter than the scan cache */
  tagTTL?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry<T> {
  at: number;
  value: T;
}

/** A Map with TTL and a size bound (oldest first out): memory stays flat whatever the traffic. */
export class TtlCache<T> {
  private readonly map = new Map<string, Entry<T>>();
  constructor(
    private readonly ttl: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}
  get(key: string): T | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttl) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }
  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, { at: this.now(), value });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
}

const DIGEST_IN_REF = /@(sha(?:256|512):[a-f0-9]+)$/;

export class VulnGate {
  private readonly findings: TtlCache<Finding[]>;
  private readonly digests: TtlCache<string>;
  private readonly inflight = new Map<string, Promise<Finding[]>>();
  private readonly resolving = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(
    private readonly scanner: ImageScanner,
    readonly policy: VulnerabilityPolicy,
    opts: GateOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    const max = opts.maxEntries ?? 10_000;
    this.findings = new TtlCache(policy.cacheTTL, max, this.now);
    this.digests = new TtlCache(Math.min(opts.tagTTL ?? 60_000, policy.cacheTTL), max, this.now);
  }

  /** Findings for one image; scans are shared between concurrent reviews and keep running past a deadline to warm the cache. */
  async findingsOf(image: string, hit: { hit: boolean }): Promise<Finding[]> {
    const digest = DIGEST_IN_REF.exec(image)?.[1] ?? this.digests.get(image) ?? (await this.resolve(image));
    const cached = this.findings.get(digest);
    if (cached) {
      hit.hit = true;
      return cached;
    }
    let p = this.inflight.get(digest);
    if (!p) {
      p = this.scanner.scan(image, digest).then(
        (f) => {
          this.findings.set(digest, f);
          this.inflight.delete(digest);
          return f;
        },
        (e) => {
          this.inflight.delete(digest);
          throw e;
        },
      );
      p.catch(() => undefined); // a scan outliving its review must not become an unhandled rejection
      this.inflight.set(digest, p);
    }
    return p;
  }

  private resolve(image: string): Promise<string> {
    let p = this.resolving.get(image);
    if (!p) {
      p = this.scanner.resolve(image).then(
        (d) => (this.digests.set(image, d), d),
        (e) => Promise.reject(e),
      );
      void p.catch(() => undefined).finally(() => this.resolving.delete(image));
      this.resolving.set(image, p);
    }
    return p;
  }

  /** Every image's findings when all are cached (the steady state), else undefined. */
  private cachedFindings(unique: GateImage[]): Map<string, Finding[]> | undefined {
    const found = new Map<string, Finding[]>();
    for (const { image } of unique) {
      const digest = DIGEST_IN_REF.exec(image)?.[1] ?? this.digests.get(image);
      const f = digest === undefined ? undefined : this.findings.get(digest);
      if (!f) return undefined;
      found.set(image, f);
    }
    return found;
  }

  async check(images: GateImage[], deadline = this.policy.deadline): Promise<GateResult> {
    const out: GateResult = { deny: [], warnings: [], unfinished: [], cacheHits: 0, cacheMisses: 0 };
    const unique = [...new Map(images.map((i) => [i.image, i])).values()];
    // All cached: the same verdict without a deadline timer and a promise per image.
    const cached = this.cachedFindings(unique);
    if (cached) {
      for (const img of images) appendAll(out.deny, this.judge(img, cached.get(img.image)!));
      out.cacheHits = unique.length;
      return out;
    }
    const state = unique.map(() => ({ done: false, findings: undefined as Finding[] | undefined, error: undefined as unknown, hit: false }));
    const work = Promise.all(
      unique.map(async (img, i) => {
        const s = state[i];
        try {
          s.findings = await this.findingsOf(img.image, s);
        } catch (e) {
          s.error = e;
        }
        s.done = true;
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline)))]);
    clearTimeout(timer);
    const failOpen = this.policy.onTimeout === 'fail-open';
    for (const [i, img] of images.entries()) {
      const s = state[unique.findIndex((u) => u.image === img.image)];
      if (s.findings) {
        appendAll(out.deny, this.judge(img, s.findings));
        continue;
      }
      const why = s.done ? `could not be scanned: ${errorMessage(s.error)}` : `was not scanned within the ${deadline} ms deadline`;
      if (i === images.findIndex((x) => x.image === img.image)) out.unfinished.push(img.image);
      if (failOpen) out.warnings.push(`[DD-VULN-000] image ${img.image} (container "${img.container}") ${why}; admitted (onTimeout: fail-open)`);
      else
        out.deny.push({
          rule: 'DD-VULN-000',
          title: 'Vulnerability scan unavailable',
          container: img.container,
          field: img.field,
          message: `image ${img.image} ${why} (onTimeout: fail-closed)`,
          fix: 'retry in a moment (the scan continues in the background), or pin the image by a digest that was scanned before',
        });
    }
    for (const s of state) if (s.findings) s.hit ? out.cacheHits++ : out.cacheMisses++;
    return out;
  }

  /** Deny rules over one image's findings: KEV, severity threshold, fixable critical. */
  judge(img: GateImage, findings: Finding[]): Violation[] {
    let verdict = this.verdicts.get(findings);
    if (!verdict) {
      verdict = this.verdict(findings);
      this.verdicts.set(findings, verdict);
    }
    return verdict.map((v) => ({ rule: v.rule, title: v.title, container: img.container, field: img.field, message: `image ${img.image} ${v.message}`, fix: v.fix }));
  }

  // What judge() derives from one (cached, never modified) findings list: the same on every review of that image.
  private readonly verdicts = new WeakMap<Finding[], Omit<Violation, 'container' | 'field'>[]>();

  private verdict(findings: Finding[]): Omit<Violation, 'container' | 'field'>[] {
    const p = this.policy;
    const live = findings.filter((f) => !f.suppressed);
    const out: Omit<Violation, 'container' | 'field'>[] = [];
    const add = (rule: string, title: string, hits: Finding[], what: string) => {
      if (!hits.length) return;
      const shown = hits.slice(0, 5).map(describe).join('; ');
      const more = hits.length > 5 ? ` and ${hits.length - 5} more` : '';
      out.push({ rule, title, message: `has ${what}: ${shown}${more}`, fix: fixFor(hits) });
    };
    if (p.denyKev) add('DD-VULN-001', 'Known exploited vulnerability (CISA KEV)', live.filter((f) => f.kev), 'known exploited vulnerabilities (CISA KEV)');
    const threshold = p.denySeverity;
    if (threshold) add('DD-VULN-002', `Vulnerability at or above ${threshold}`, live.filter((f) => atLeast(f.severity, threshold) && !(p.denyKev && f.kev)), `vulnerabilities at or above ${threshold}`);
    if (p.denyFixableCritical && !(threshold && atLeast('CRITICAL', threshold)))
      add('DD-VULN-003', 'Fixable critical vulnerability', live.filter((f) => f.severity === 'CRITICAL' && f.fixedVersion && !(p.denyKev && f.kev)), 'fixable critical vulnerabilities');
    return out;
  }
}

const atLeast = (s: Severity, threshold: Severity) => SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];

function describe(f: Finding): string {
  const tags = [f.kev ? 'KEV' : '', f.severity].filter(Boolean).join(', ');
  return `${f.id} (${tags}) in ${f.package.name} ${f.installedVersion}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fix yet'}`;
}

function fixFor(hits: Finding[]): string {
  const fixed = hits.filter((f) => f.fixedVersion);
  if (!fixed.length) return 'use a different image or base image without these vulnerabilities';
  const ups = [...new Map(fixed.map((f) => [f.package.name, `${f.package.name} to ${f.fixedVersion}`])).values()].slice(0, 3);
  return `upgrade ${ups.join(', ')} or later and rebuild the image, then deploy it by its new digest`;
}
