// Prometheus text exposition without a client library: a few counters and one histogram are all the webhook needs.

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (l: Record<string, string>) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

class Counter {
  private readonly values = new Map<string, number>();
  // label text by a cheap, unambiguous key (length-prefixed names and values), so a hot-path inc() neither escapes
  // nor allocates arrays
  private readonly texts = new Map<string, string>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  private text(labels: Record<string, string>): string {
    let key = '';
    for (const k in labels) key += `${k.length}:${k}${labels[k].length}:${labels[k]}`;
    let t = this.texts.get(key);
    if (t === undefined) {
      t = labelText(labels);
      // label sets are few (kind × operation × decision, rule × mode); the bound only guards against the unexpected
      if (this.texts.size < 10_000) this.texts.set(key, t);
    }
    return t;
  }
  inc(labels: Record<string, string> = {}, by = 1): void {
    const k = this.text(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Record<string, string> = {}): number {
    return this.values.get(this.text(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

class Histogram {
  private readonly counts = new Array<number>(BUCKETS.length).fill(0);
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) this.counts[i]++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    BUCKETS.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join('\n');
  }
}

export class AdmissionMetrics {
  readonly requests = new Counter('drydock_admission_requests_total', 'AdmissionReview requests by kind, operation and decision.');
  readonly denials = new Counter('drydock_admission_denials_total', 'Violations that denied (or would deny, in warn/audit mode) a request, by rule and mode.');
  readonly errors = new Counter('drydock_admission_bad_requests_total', 'Requests rejected before a decision, by HTTP status.');
  readonly gate = new Counter('drydock_admission_image_scans_total', 'Vulnerability gate look-ups by result (cache_hit, cache_miss, unfinished).');
  readonly latency = new Histogram('drydock_admission_review_duration_seconds', 'Time from request start to response, per AdmissionReview.');
  readonly reloads = new Counter('drydock_admission_certificate_reloads_total', 'Serving certificate reloads by result.');

  render(): string {
    return [this.requests, this.denials, this.errors, this.gate, this.latency, this.reloads].map((m) => m.render()).join('\n') + '\n';
  }
}
