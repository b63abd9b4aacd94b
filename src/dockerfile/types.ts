import type { Warning } from '../errors.js';

export interface DockerfileFlag {
  name: string;
  value: string | null;
}

export interface DockerfileInstruction {
  /** upper-case keyword: RUN, COPY, FROM … */
  keyword: string;
  /** arguments with line continuations joined (heredoc bodies kept, newline-separated) */
  args: string;
  /** arguments exactly as written, continuations and newlines included */
  raw: string;
  /** whitespace-split arguments (flags excluded for FROM/COPY/ADD/RUN) */
  argv: string[];
  flags: DockerfileFlag[];
  /** 1-based first and last line */
  line: number;
  endLine: number;
  /** index of the stage it belongs to; -1 for ARGs before the first FROM */
  stage: number;
  /** JSON (exec) form for RUN/CMD/ENTRYPOINT */
  json?: string[];
}

export interface DockerfileStage {
  index: number;
  /** image as written in FROM, variables unresolved */
  image: string;
  platform?: string;
  alias?: string;
  /** 1-based line of the FROM */
  line: number;
  instructions: DockerfileInstruction[];
}

export interface ParsedDockerfile {
  file: string;
  text: string;
  directives: { name: string; value: string; line: number }[];
  escape: string;
  /** ARGs before the first FROM, with defaults */
  globalArgs: { name: string; value?: string; line: number }[];
  stages: DockerfileStage[];
  /** every instruction in order */
  instructions: DockerfileInstruction[];
  warnings: Warning[];
}

export type BaseImage =
  | { image: string; line: number; stage: number; chain: string[] }
  | { scratch: true; line: number };
