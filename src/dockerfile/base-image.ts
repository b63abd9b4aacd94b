// Resolves the final stage's external base image: ARG defaults before FROM, overrides, stage aliases and chains.
import type { BaseImage, ParsedDockerfile } from './types.js';

/** Substitutes $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} from `vars`. */
export function substituteArgs(s: string, vars: Record<string, string | undefined>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, n1, op, word, n2) => {
    const name = n1 ?? n2;
    const v = vars[name];
    if (op === '-') return v ? v : word;
    if (op === '+') return v ? word : '';
    return v ?? '';
  });
}

export function globalArgValues(df: ParsedDockerfile, buildArgs: Record<string, string> = {}): Record<string, string | undefined> {
  const vars: Record<string, string | undefined> = {};
  for (const a of df.globalArgs) {
    vars[a.name] = a.name in buildArgs ? buildArgs[a.name] : a.value === undefined ? undefined : substituteArgs(a.value, vars);
  }
  return vars;
}

/** The image each stage's FROM names after ARG substitution (aliases not yet followed). */
export function resolvedFromImages(df: ParsedDockerfile, buildArgs: Record<string, string> = {}): string[] {
  const vars = globalArgValues(df, buildArgs);
  return df.stages.map((s) => substituteArgs(s.image, vars).trim());
}

export function resolveBaseImage(df: ParsedDockerfile, buildArgs: Record<string, string> = {}): BaseImage | undefined {
  if (df.stages.length === 0) return undefined;
  const images = resolvedFromImages(df, buildArgs);
  let idx = df.stages.length - 1;
  const chain: string[] = [];
  // Follow `FROM <alias>` back to an earlier stage until an external image is named.
  for (let guard = 0; guard <= df.stages.length; guard++) {
    const image = images[idx];
    const stage = df.stages[idx];
    chain.push(stage.alias ?? String(idx));
    const lower = image.toLowerCase();
    const prev = df.stages.findIndex((s, k) => k < idx && s.alias !== undefined && s.alias.toLowerCase() === lower);
    if (prev >= 0) {
      idx = prev;
      continue;
    }
    // `FROM 0` refers to a stage by index in BuildKit.
    if (/^\d+$/.test(image) && Number(image) < idx) {
      idx = Number(image);
      continue;
    }
    if (lower === 'scratch') return { scratch: true, line: stage.line };
    return { image, line: stage.line, stage: idx, chain: chain.reverse() };
  }
  return undefined;
}
