import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { DrydockError } from '../../errors.js';

// Placeholder until the command lands: it is listed in --help but says so when run.
export function registerDb(program: Command, _ctx: CommandContext): void {
  program
    .command('db')
    .description('(not available yet)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      throw new DrydockError('USAGE', 'drydock db is not available in this build yet');
    });
}
