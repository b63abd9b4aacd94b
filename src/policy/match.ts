// Glob matching for ignore rules: purl patterns and image paths.

function escapeRe(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** `*` matches anything in a purl; a pattern without `@` ignores version, qualifiers and subpath. */
export function purlMatches(pattern: string, purl: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map(escapeRe).join('.*') + '$', 'i');
  if (re.test(purl)) return true;
  if (pattern.includes('@')) return false;
  const base = purl.split(/[@?#]/)[0];
  return re.test(base);
}

/** `**` any number of segments, `*` within one segment, `?` one character. */
export function pathMatches(pattern: string, path: string): boolean {
  const norm = (p: string) => '/' + p.replace(/^\.?\/+/, '');
  let re = '';
  const pat = norm(pattern);
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '*' && pat[i + 1] === '*') {
      // `/**/` also matches a single `/`
      if (pat[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += escapeRe(c);
  }
  return new RegExp('^' + re + '$').test(norm(path));
}
