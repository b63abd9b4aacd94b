// Shared reading of RUN instructions for the package-manager and shell rules.
import type { DockerfileInstruction } from '../../dockerfile/types.js';
import { runCommands, programOf, type ShellCommand } from '../../dockerfile/shell.js';
import { lineOf } from '../../dockerfile/parse.js';
import type { DockerfileDoc } from './context.js';

export interface RunCommand {
  ins: DockerfileInstruction;
  program: string;
  args: string[];
  via: string[];
  /** the whole simple-command list of the RUN, for same-RUN checks (cache cleaned later in the RUN) */
  all: ShellCommand[];
  index: number;
}

export function runs(doc: DockerfileDoc): DockerfileInstruction[] {
  return doc.df.instructions.filter((i) => i.keyword === 'RUN');
}

const cache = new WeakMap<DockerfileInstruction, RunCommand[]>();

export function commandsOf(ins: DockerfileInstruction): RunCommand[] {
  let c = cache.get(ins);
  if (!c) {
    const all = runCommands(ins);
    c = all.map((cmd, index) => ({ ins, ...programOf(cmd.words), all, index }));
    cache.set(ins, c);
  }
  return c;
}

export function allCommands(doc: DockerfileDoc): RunCommand[] {
  return runs(doc).flatMap(commandsOf);
}

/** Line of a command inside a multi-line RUN: the first raw line that mentions program and first argument. */
export function commandLine(c: RunCommand): number {
  const sub = c.args.find((a) => !a.startsWith('-'));
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\b${esc(c.program)}\\b${sub ? `.*\\b${esc(sub)}\\b` : ''}`);
  const line = lineOf(c.ins, re);
  return line !== c.ins.line || re.test(c.ins.raw.split('\n')[0]) ? line : lineOf(c.ins, c.program);
}

export function hasOpt(args: string[], ...opts: string[]): boolean {
  return args.some((a) => opts.includes(a) || opts.some((o) => o.startsWith('--') && a.startsWith(o + '=')) || (/^-[a-zA-Z]+$/.test(a) && opts.some((o) => /^-[a-zA-Z]$/.test(o) && a.includes(o[1]))));
}

/** The apt/yum/… subcommand: first non-option argument. */
export function subcommand(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

export function hasCacheMount(ins: DockerfileInstruction, path: RegExp): boolean {
  return ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && path.test(f.value ?? ''));
}
