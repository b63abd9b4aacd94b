// Which Dockerfile line put each vulnerable package in the image: the image's last N layers are the N
// layer-creating instructions (RUN/COPY/ADD) of the final stage and the stages it is built FROM, in order;
// everything below them came with the base image.
import type { Finding } from '../match/types.js';
import type { LayerInfo } from '../image/types.js';
import type { Warning } from '../errors.js';
import { resolveBaseImage, type DockerfileInstruction, type ParsedDockerfile } from '../dockerfile/index.js';

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Layer-creating instructions of the stages the final image is made of, oldest first. */
export function layerInstructions(df: ParsedDockerfile, buildArgs: Record<string, string> = {}): DockerfileInstruction[] {
  const b = resolveBaseImage(df, buildArgs);
  if (!b) return [];
  const chain = 'scratch' in b ? chainToScratch(df, buildArgs) : b.chain;
  const stages = chain.map((c) => df.stages.find((s) => (s.alias ?? String(s.index)) === c) ?? df.stages[Number(c)]).filter(Boolean);
  return stages.flatMap((s) => s.instructions.filter((i) => LAYER_KEYWORDS.has(i.keyword)));
}

// resolveBaseImage reports scratch without its chain: rebuild it by following FROM <alias> links.
function chainToScratch(df: ParsedDockerfile, _args: Record<string, string>): string[] {
  const out: string[] = [];
  let idx = df.stages.length - 1;
  for (let guard = 0; guard <= df.stages.length && idx >= 0; guard++) {
    const s = df.stages[idx];
    out.unshift(s.alias ?? String(idx));
    const prev = df.stages.findIndex((p, k) => k < idx && p.alias !== undefined && p.alias.toLowerCase() === s.image.toLowerCase());
    if (prev < 0) break;
    idx = prev;
  }
  return out;
}

export interface AttributionInput {
  df: ParsedDockerfile;
  buildArgs?: Record<string, string>;
  layers: readonly LayerInfo[];
  /** base image as named in the Dockerfile */
  baseImage?: string;
  baseLine?: number;
  /** layers of the base image when known (from its manifest); checked against the count from the Dockerfile */
  baseLayerCount?: number;
}

export type LayerOrigin = { kind: 'base' } | { kind: 'instruction'; instruction: DockerfileInstruction } | { kind: 'unknown' };

/** Origin of each image layer by index. */
export function layerOrigins(input: AttributionInput, warn?: (w: Warning) => void): LayerOrigin[] {
  const ins = layerInstructions(input.df, input.buildArgs);
  const n = input.layers.length;
  const base = input.baseLayerCount ?? n - ins.length;
  if (base < 0 || (input.baseLayerCount !== undefined && base + ins.length !== n)) {
    warn?.({
      file: input.df.file,
      message: `the image has ${n} layers but the Dockerfile explains ${ins.length}${input.baseLayerCount !== undefined ? ` on top of ${input.baseLayerCount} base layers` : ''}: findings above the base are not attributed to lines`,
    });
    return input.layers.map((l) => (l.index < Math.min(base, n) && base >= 0 ? { kind: 'base' } : { kind: 'unknown' }));
  }
  return input.layers.map((l) => (l.index < base ? { kind: 'base' } : { kind: 'instruction', instruction: ins[l.index - base] }));
}

/** Sets finding.attribution from the layer that introduced each finding's package. Returns how many were attributed. */
export function attributeFindings(findings: Finding[], input: AttributionInput, warn?: (w: Warning) => void): number {
  const origins = layerOrigins(input, warn);
  let n = 0;
  for (const f of findings) {
    const idx = f.package.locations[0]?.layerIndex;
    const o = idx === undefined ? undefined : origins[idx];
    if (!o || o.kind === 'unknown') continue;
    f.attribution =
      o.kind === 'base'
        ? { file: input.df.file, kind: 'base', line: input.baseLine, image: input.baseImage, instruction: input.baseImage ? `FROM ${input.baseImage}` : undefined }
        : { file: input.df.file, kind: 'instruction', line: o.instruction.line, instruction: describe(o.instruction) };
    n++;
  }
  return n;
}

function describe(i: DockerfileInstruction): string {
  const flags = i.flags.map((f) => (f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`));
  return oneLine([i.keyword, ...flags, i.args].join(' '));
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}
