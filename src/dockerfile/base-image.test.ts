import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, resolveBaseImage } from './index.js';

const table: { name: string; text: string; args?: Record<string, string>; want: unknown }[] = [
  { name: 'single stage', text: 'FROM debian:12-slim\n', want: { image: 'debian:12-slim', line: 1, stage: 0, chain: ['0'] } },
  { name: 'ARG default', text: 'ARG V=3.20\nFROM alpine:${V}\n', want: { image: 'alpine:3.20', line: 2, stage: 0, chain: ['0'] } },
  { name: 'ARG override', text: 'ARG V=3.20\nFROM alpine:$V\n', args: { V: '3.19' }, want: { image: 'alpine:3.19', line: 2, stage: 0, chain: ['0'] } },
  { name: 'ARG with :- default', text: 'ARG REG\nFROM ${REG:-docker.io}/library/node:20\n', want: { image: 'docker.io/library/node:20', line: 2, stage: 0, chain: ['0'] } },
  {
    name: 'alias chain to the final stage',
    text: 'FROM node:20@sha256:abc AS base\nFROM base AS deps\nRUN npm ci\nFROM golang:1.22 AS tool\nFROM deps\n',
    want: { image: 'node:20@sha256:abc', line: 1, stage: 0, chain: ['base', 'deps', '3'] },
  },
  { name: 'scratch', text: 'FROM golang:1 AS b\nFROM scratch\nCOPY --from=b /a /a\n', want: { scratch: true, line: 2 } },
  { name: 'platform flag and escape directive', text: '# escape=`\nFROM --platform=linux/arm64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS x\n', want: { image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', line: 2, stage: 0, chain: ['x'] } },
];

for (const c of table) {
  test(`resolveBaseImage: ${c.name}`, () => {
    assert.deepEqual(resolveBaseImage(parseDockerfile(c.text), c.args), c.want);
  });
}

test('parseDockerfile exposes stages, directives, flags and 1-based lines', () => {
  const df = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=\\\nARG A=1\nFROM --platform=$BUILDPLATFORM alpine:3 AS build\nRUN --mount=type=cache,target=/root/.cache \\\n  echo hi\nRUN <<EOF\necho a\nEOF\n');
  assert.deepEqual(df.directives.map((d) => [d.name, d.value, d.line]), [['syntax', 'docker/dockerfile:1', 1], ['escape', '\\', 2]]);
  assert.deepEqual(df.globalArgs, [{ name: 'A', value: '1', line: 3 }]);
  assert.equal(df.stages[0].platform, '$BUILDPLATFORM');
  assert.equal(df.stages[0].alias, 'build');
  const [run1, run2] = df.stages[0].instructions.filter((i) => i.keyword === 'RUN');
  assert.deepEqual([run1.line, run1.endLine, run1.flags], [5, 6, [{ name: 'mount', value: 'type=cache,target=/root/.cache' }]]);
  assert.deepEqual([run2.line, run2.endLine], [7, 9]);
});
