import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isExecutable, normalizeEntryPath } from './paths.js';

/** The definition: split on "/", drop empty and "." segments, ".." pops (and escapes above the root). */
function reference(name: string): string | undefined {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.length === 0 ? '/' : '/' + out.join('/');
}

test('normalizeEntryPath: common tar names', () => {
  assert.equal(normalizeEntryPath('usr/bin/ls'), '/usr/bin/ls');
  assert.equal(normalizeEntryPath('./usr/bin/ls'), '/usr/bin/ls');
  assert.equal(normalizeEntryPath('/usr/bin/ls'), '/usr/bin/ls');
  assert.equal(normalizeEntryPath('usr/share/doc/'), '/usr/share/doc');
  assert.equal(normalizeEntryPath('./'), '/');
  assert.equal(normalizeEntryPath(''), '/');
  assert.equal(normalizeEntryPath('../etc/passwd'), undefined);
  assert.equal(normalizeEntryPath('a/../../etc/passwd'), undefined);
  assert.equal(normalizeEntryPath('a/./b//c/../d'), '/a/b/d');
  assert.equal(normalizeEntryPath('.hidden/..x/x..'), '/.hidden/..x/x..');
});

test('normalizeEntryPath agrees with the split/join definition on generated names', () => {
  const parts = ['', '.', '..', 'a', 'bc', '.x', '..y', 'z.', '...', 'usr', 'é'];
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) % n;
  for (let i = 0; i < 50000; i++) {
    const n = rnd(6);
    const name = Array.from({ length: n }, () => parts[rnd(parts.length)]).join('/');
    assert.equal(normalizeEntryPath(name), reference(name), JSON.stringify(name));
  }
});

test('isExecutable: an execute bit, or a /bin/ or /sbin/ segment (as the regex /\\/s?bin\\// says)', () => {
  const paths = ['/usr/bin/x', '/sbin/init', '/opt/app/sbin/tool', '/robin/x', '/robin/bin/x', '/a/sbin', '/bin', '/xsbin/y', '/x/ssbin/y', '/cabin/sbin/z', '/bin/', '/b/in/x', '/usr/lib/libc.so'];
  for (const path of paths) {
    assert.equal(isExecutable({ path, mode: 0o644 }), /\/s?bin\//.test(path), path);
    assert.equal(isExecutable({ path, mode: 0o744 }), true, path);
  }
});
