// YAML lockfiles (pnpm-lock.yaml, berry yarn.lock), read with the yaml library. It is loaded only when one is met
// (~60 ms): every image scan loads the lockfile catalogers, few scans meet one.
import { lazyRequire } from '../../lazy-require.js';

const yamlLib = lazyRequire<typeof import('yaml')>('yaml');

/** something that may start an alias (`*name` after a separator): no match, no alias; a match is checked by the lexer */
const MAYBE_ALIAS = /(?:^|[\s,[{])\*[^\s,[\]{}]/m;

/**
 * The lockfile as plain data; throws (with the reason) on YAML the tools do not write.
 * - uniqueKeys false: the library's duplicate-key check compares every key of a map with the ones before it, and a
 *   pnpm-lock's `packages:` is one map of all the packages: 40,000 of them (6.9 MB) took 81 s to parse, 4 s without.
 * - aliases are refused before parsing: resolving them cost (aliases × nodes), 2 s for 1,000 in a 10,000-line file,
 *   and neither pnpm nor yarn writes any.
 * - logLevel 'error': at the default level, document warnings (an unknown tag) went to process.emitWarning, which
 *   printed the file's text on stderr, past --quiet. prettyErrors off: the first error is enough, without context.
 */
export function parseLockfileYaml(text: string): unknown {
  const yaml = yamlLib();
  if (MAYBE_ALIAS.test(text)) {
    for (const token of new yaml.Lexer().lex(text)) {
      if (yaml.CST.tokenType(token) === 'alias') throw new Error('it uses YAML aliases, which pnpm and yarn never write (not read: they make parsing slow)');
    }
  }
  return yaml.parse(text, { logLevel: 'error', uniqueKeys: false, prettyErrors: false });
}
