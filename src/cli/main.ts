// Command table: each command lives in its own file under commands/ and imports heavy modules lazily.
import { Command, CommanderError } from 'commander';
import { defaultIO, errorToExit, EXIT, type CliIO } from './io.js';
import { VERSION } from '../version.js';
import { registerImage } from './commands/image.js';
import { registerSbom } from './commands/sbom.js';
import { registerRootfs, registerFs } from './commands/dir-scan.js';
import { registerDb } from './commands/db.js';
import { registerConfig } from './commands/config.js';
import { registerRules } from './commands/rules.js';
import { registerAdvise } from './commands/advise.js';
import { registerFix } from './commands/fix.js';
import { registerAdmission } from './commands/admission.js';

/** Sets the exit code a command wants; commands call it instead of process.exit. */
export interface CommandContext {
  io: CliIO;
  setExit(code: number): void;
}

const COMMANDS: ((program: Command, ctx: CommandContext) => void)[] = [
  registerImage,
  registerSbom,
  registerRootfs,
  registerFs,
  registerConfig,
  registerDb,
  registerAdvise,
  registerFix,
  registerRules,
  registerAdmission,
];

export async function main(argv: string[], io: CliIO = defaultIO(argv.includes('--quiet') || argv.includes('-q'))): Promise<number> {
  if (io.stdout === process.stdout) quietOnClosedPipe();
  let exitCode: number = EXIT.OK;
  const ctx: CommandContext = { io, setExit: (c) => (exitCode = c) };
  const program = new Command('drydock')
    .description('Container security: image inventory and SBOMs, vulnerability scanning with base-image advice, hardening checks, admission control.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  for (const register of COMMANDS) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.ERROR;
    }
    return errorToExit(e, io);
  }
  return exitCode;
}

/** `drydock … | head` closes stdout early: that is the reader's choice, not an error worth a stack trace. */
let pipeGuarded = false;
function quietOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
