// `drydock rules`: every hardening rule, documented from its own metadata.
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { usage } from '../io.js';

export function registerRules(program: Command, ctx: CommandContext): void {
  program
    .command('rules')
    .description('List the hardening and secret rules with their documentation')
    .option('-f, --format <format>', 'table, md or json', 'table')
    .option('--target <target>', 'only rules for: dockerfile, kubernetes, compose, image, secret, general')
    .action(async (flags: { format: string; target?: string }) => {
      const { allRules, TARGETS } = await import('../../misconfig/registry.js');
      const { ruleMarkdown } = await import('../../misconfig/rule-docs.js');
      if (flags.target && !(TARGETS as readonly string[]).includes(flags.target)) throw usage(`unknown --target "${flags.target}"`, `use one of ${TARGETS.join(', ')}`);
      const rules = allRules().filter((r) => !flags.target || r.target === flags.target);
      let out: string;
      if (flags.format === 'json') out = JSON.stringify(rules, null, 2);
      else if (flags.format === 'md' || flags.format === 'markdown') out = rules.map(ruleMarkdown).join('\n');
      else if (flags.format === 'table') {
        const w = Math.max(...rules.map((r) => r.id.length));
        out = rules.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.target.padEnd(10)}  ${r.title}`).join('\n');
      } else throw usage(`unknown --format "${flags.format}"`, 'use table, md or json');
      ctx.io.stdout.write(out + '\n');
    });
}
