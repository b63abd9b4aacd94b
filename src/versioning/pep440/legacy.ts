// packaging < 22's LegacyVersion key, for pre-PEP 440 strings still found in old advisories.
const replacements: Record<string, string> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

function* parts(s: string): Generator<string> {
  for (let part of s.split(/(\d+|[a-z]+|\.|-)/)) {
    part = replacements[part] ?? part;
    if (!part || part === '.') continue;
    yield /^[0-9]/.test(part) ? part.padStart(8, '0') : `*${part}`;
  }
  yield '*final';
}

export function legacyKey(version: string): string[] {
  const key: string[] = [];
  for (const part of parts(version.toLowerCase())) {
    if (part.startsWith('*')) {
      // drop "-" before a pre-release marker, and trailing zeros before any marker
      if (part < '*final') while (key.length && key[key.length - 1] === '*final-') key.pop();
      while (key.length && key[key.length - 1] === '00000000') key.pop();
    }
    key.push(part);
  }
  return key;
}
