// The process boundary's streams and exit codes; commands write through this, never to console directly.
import { DrydockError, errorMessage, isDrydockError } from '../errors.js';
import { clipMiddle, escapeControls } from '../report/terminal-text.js';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** colour allowed on stderr/stdout (TTY and NO_COLOR unset) */
  color: boolean;
  isTTY: boolean;
  quiet: boolean;
  log(message: string): void;
  warn(message: string): void;
}

export function defaultIO(quiet = false): CliIO {
  const isTTY = Boolean(process.stdout.isTTY);
  const color = isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    color,
    isTTY,
    quiet,
    log(message) {
      // messages name files and packages from the image: no control characters reach the terminal
      if (!this.quiet) process.stderr.write(escapeControls(clipMiddle(message)) + '\n');
    },
    warn(message) {
      if (!this.quiet) process.stderr.write(`warning: ${escapeControls(clipMiddle(message))}\n`);
    },
  };
}

/** Exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  /** findings matched the policy (overridden by --exit-code) */
  FINDINGS: 1,
  /** usage or input error: the scan could not run */
  ERROR: 2,
  /** internal error */
  INTERNAL: 3,
} as const;

export function errorToExit(e: unknown, io: { stderr: NodeJS.WritableStream }): number {
  if (isDrydockError(e)) {
    io.stderr.write(`drydock: ${escapeControls(clipMiddle(e.message), true)}\n`);
    if (e.hint) io.stderr.write(`  hint: ${escapeControls(clipMiddle(e.hint), true)}\n`);
    if (process.env.DRYDOCK_DEBUG && e.cause) io.stderr.write(`  cause: ${escapeControls(errorMessage(e.cause), true)}\n`);
    return e.code === 'INTERNAL' ? EXIT.INTERNAL : EXIT.ERROR;
  }
  io.stderr.write(`drydock: internal error: ${escapeControls(clipMiddle(errorMessage(e)), true)}\n`);
  if (process.env.DRYDOCK_DEBUG && e instanceof Error) io.stderr.write(`${e.stack}\n`);
  return EXIT.INTERNAL;
}

export function usage(message: string, hint?: string): DrydockError {
  return new DrydockError('USAGE', message, { hint });
}
