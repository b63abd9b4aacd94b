// Dockerfile model over dockerfile-ast (heredocs, flags, escape directive), with 1-based lines and plain data.
import { DockerfileParser, type Instruction, type From, type Arg } from 'dockerfile-ast';
import type { DockerfileInstruction, DockerfileStage, ParsedDockerfile } from './types.js';

type WithFlags = Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
type WithJson = Instruction & { getJSONStrings?: () => { getJSONValue(): string }[]; getOpeningBracket?: () => unknown };

function toInstruction(i: Instruction, stage: number): DockerfileInstruction {
  const range = i.getRange();
  const keyword = i.getKeyword().toUpperCase();
  const flagged = i as WithFlags;
  const flags = typeof flagged.getFlags === 'function' ? flagged.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() })) : [];
  // RUN flags (--mount, --network) are not parsed by dockerfile-ast: peel them off the arguments ourselves.
  let argv = i.getArguments().map((a) => a.getValue());
  if (keyword === 'RUN') {
    while (argv.length > 0 && argv[0].startsWith('--')) {
      const f = argv.shift()!;
      const eq = f.indexOf('=');
      flags.push({ name: f.slice(2, eq < 0 ? undefined : eq), value: eq < 0 ? null : f.slice(eq + 1) });
    }
  }
  let args = i.getArgumentsContent() ?? '';
  if (keyword === 'RUN' && flags.length > 0) args = args.replace(/^(\s*--\S+\s+)+/, '');
  const out: DockerfileInstruction = {
    keyword,
    args,
    raw: i.getRawArgumentsContent() ?? '',
    argv,
    flags,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    stage,
  };
  const j = i as WithJson;
  if ((keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT') && typeof j.getJSONStrings === 'function' && j.getOpeningBracket?.()) {
    const strs = j.getJSONStrings().map((s) => s.getJSONValue());
    if (strs.length > 0 && /^\s*\[/.test(args)) out.json = strs;
  }
  return out;
}

export function parseDockerfile(text: string, file = 'Dockerfile'): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const df: ParsedDockerfile = {
    file,
    text,
    directives: ast.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue(), line: d.getNameRange().start.line + 1 })),
    escape: ast.getEscapeCharacter(),
    globalArgs: [],
    stages: [],
    instructions: [],
    warnings: [],
  };
  let current: DockerfileStage | undefined;
  for (const i of ast.getInstructions()) {
    const keyword = i.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const f = i as From;
      const image = f.getImage() ?? '';
      current = {
        index: df.stages.length,
        image,
        platform: f.getPlatformFlag()?.getValue() ?? undefined,
        alias: f.getBuildStage() ?? undefined,
        line: i.getRange().start.line + 1,
        instructions: [],
      };
      if (!image) df.warnings.push({ file, message: `line ${current.line}: FROM without an image` });
      df.stages.push(current);
    }
    const ins = toInstruction(i, current ? current.index : -1);
    df.instructions.push(ins);
    if (current) current.instructions.push(ins);
    else if (keyword === 'ARG') {
      const p = (i as Arg).getProperty();
      if (p) df.globalArgs.push({ name: p.getName(), value: p.getValue() ?? undefined, line: ins.line });
    } else if (keyword !== 'ARG') {
      df.warnings.push({ file, message: `line ${ins.line}: ${keyword} before the first FROM` });
    }
  }
  if (df.stages.length === 0 && text.trim() !== '') df.warnings.push({ file, message: 'no FROM instruction' });
  return df;
}

/** The last stage is what the image ships. */
export function finalStage(df: ParsedDockerfile): DockerfileStage | undefined {
  return df.stages[df.stages.length - 1];
}

/**
 * The 1-based line within an instruction whose raw text first matches `needle`;
 * points findings in multi-line RUNs (continuations, heredocs) at the offending line.
 */
export function lineOf(ins: DockerfileInstruction, needle: RegExp | string): number {
  const lines = ins.raw.split('\n');
  // The raw arguments start on the instruction's first line.
  for (let k = 0; k < lines.length; k++) {
    const hit = typeof needle === 'string' ? lines[k].includes(needle) : needle.test(lines[k]);
    if (hit) return ins.line + k;
  }
  return ins.line;
}
