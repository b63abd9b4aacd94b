import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TERMINAL_MESSAGE, clipMiddle, escapeControls, terminalSafe } from './terminal-text.js';

test('controls, DEL, C1 and bidirectional controls are written as visible escapes', () => {
  assert.equal(escapeControls('evil\u001b[2J\u001b]0;title\u0007'), 'evil\\x1b[2J\\x1b]0;title\\x07');
  assert.equal(escapeControls('a\u0000b\u007fc\u009b31m'), 'a\\x00b\\x7fc\\x9b31m'); // U+009B is a one-character CSI
  assert.equal(escapeControls('MIT\u202eTIM \u2066x\u2069 \u200f'), 'MIT\\u202eTIM \\u2066x\\u2069 \\u200f');
  assert.equal(escapeControls('line\nforged\r\ttab'), 'line\\x0aforged\\x0d\\x09tab');
  assert.equal(escapeControls('line\nkept\u001b', true), 'line\nkept\\x1b');
});

test('text without controls is returned as it is: Unicode letters, emoji, spaces', () => {
  for (const s of ['', 'tomcat-embed-core 9.0.63', 'naïve café', '日本語', '🐳 whale', '\u00a0nbsp', '\\x1b already escaped']) assert.equal(escapeControls(s), s);
});

test('terminalSafe copies only what it changes, keys and nested values included', () => {
  const clean = { a: ['x', { b: 1, c: null, d: true }], e: 'y' };
  assert.equal(terminalSafe(clean), clean);
  const dirty = { pkg: { name: 'n\u001b[1A', version: '1' }, list: ['ok', 'no\u0007'], other: { z: 'fine' }, ['k\u001b']: 2 };
  const safe = terminalSafe(dirty);
  assert.deepEqual(safe, { pkg: { name: 'n\\x1b[1A', version: '1' }, list: ['ok', 'no\\x07'], other: { z: 'fine' }, ['k\\x1b']: 2 });
  assert.equal(safe.other, dirty.other, 'untouched parts are shared');
  assert.equal(dirty.pkg.name, 'n\u001b[1A', 'the input is not modified');
  const when = new Date(0);
  assert.equal(terminalSafe({ when }).when, when, 'objects other than plain ones are left alone');
});

test('terminalSafe stops at a depth no report reaches instead of walking without end', () => {
  let deep: unknown = 'x\u001b';
  for (let i = 0; i < 10000; i++) deep = [deep];
  assert.doesNotThrow(() => terminalSafe(deep));
});

test('the human formats a terminal may show (table, markdown, html) carry no raw control characters from the image', async () => {
  const { sampleReport } = await import('../../test/helpers/report-fixtures.js');
  const { renderReport } = await import('./index.js');
  const r = sampleReport();
  r.findings[0].package.name = 'evil\u001b[1A\u001b[2K';
  r.targets[0].packages[0].name = 'pkg\u009b2J';
  r.warnings.push({ file: '/opt/x\u001b]0;t\u0007.jar', message: 'damaged' });
  for (const format of ['table', 'markdown', 'html']) {
    const out = renderReport(r, format, { color: false });
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, format);
    // markdown doubles the backslash (it renders as one)
    assert.match(out, /evil\\{1,2}x1b\[1A/, format);
  }
});

test('clipMiddle keeps the start and the end of a long message and says how much it left out', () => {
  assert.equal(clipMiddle('short'), 'short');
  const long = '/a'.repeat(400_000) + '/b.jar: not a readable zip archive';
  const c = clipMiddle(long);
  assert.ok(c.length < MAX_TERMINAL_MESSAGE + 60, `${c.length}`);
  assert.ok(c.startsWith('/a/a/a') && c.endsWith('/b.jar: not a readable zip archive'), c.slice(-80));
  assert.match(c, /…\(798034 characters left out\)…/);
});
