// A small shell reader for RUN: splits a command line into simple commands (words), enough to judge
// which programs run with which options. Not a full shell: quoting, operators, heredoc bodies and comments.
import type { DockerfileInstruction } from './types.js';

export interface ShellCommand {
  words: string[];
  /** operator that joined this command to the next ('|', '&&', '||', ';', newline) */
  next?: string;
}

/** The shell text a RUN executes: exec form joined, heredoc delimiters dropped. */
export function runScript(ins: DockerfileInstruction): string {
  if (ins.json) return ins.json.join(' ');
  const lines = ins.args.split('\n');
  const m = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(lines[0] ?? '');
  if (!m) return ins.args;
  // `RUN <<EOF` (body is the script) or `RUN bash <<EOF`: keep the body, drop the terminator.
  const head = lines[0].replace(m[0], '').trim();
  const body = lines.slice(1).filter((l) => l.trim() !== m[1]);
  return [head, ...body].filter(Boolean).join('\n');
}

export function splitCommands(script: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  let words: string[] = [];
  let cur = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  const endCmd = (op: string) => {
    endWord();
    if (words.length) out.push({ words, next: op });
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === "'" || c === '"') {
      const close = script.indexOf(c, i + 1);
      const end = close < 0 ? script.length : close;
      cur += script.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && script[i + 1] === '\n') {
      i++;
    } else if (c === '\\') {
      cur += script[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (c === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      endCmd('\n');
    } else if (c === '&' && script[i + 1] === '&') {
      endCmd('&&');
      i++;
    } else if (c === '|' && script[i + 1] === '|') {
      endCmd('||');
      i++;
    } else if (c === '|' || c === ';' || c === '\n' || c === '&') {
      endCmd(c === '\n' ? '\n' : c);
    } else if (c === '(' || c === ')' || c === '{' || c === '}') {
      if (inWord) cur += c;
      else endCmd(';');
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else {
      cur += c;
      inWord = true;
    }
  }
  endCmd('');
  // Drop leading env assignments and wrappers so that `DEBIAN_FRONTEND=x sudo apt-get` reads as apt-get.
  return out.map((c) => ({ ...c, words: c.words }));
}

const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'time', 'exec', 'xargs', 'then', 'do', 'else', 'if', '!', 'command']);

/** The program a simple command runs, skipping VAR=x prefixes and wrappers like sudo/env. */
export function programOf(words: string[]): { program: string; args: string[]; via: string[] } {
  const via: string[] = [];
  let k = 0;
  while (k < words.length) {
    const w = words[k];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) k++;
    else if (WRAPPERS.has(w)) {
      via.push(w);
      k++;
      // skip wrapper options like `sudo -u x` or `env -i`
      while (k < words.length && words[k].startsWith('-')) k += words[k] === '-u' ? 2 : 1;
    } else break;
  }
  const program = (words[k] ?? '').replace(/^.*\//, '');
  return { program, args: words.slice(k + 1), via };
}

export function runCommands(ins: DockerfileInstruction): ShellCommand[] {
  return splitCommands(runScript(ins));
}
