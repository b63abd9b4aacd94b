import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDockerfile, DOCKERFILE_RULES } from './index.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/misconfig/dockerfile');
const scan = (name: string, opts = {}) => scanDockerfile(readFileSync(join(FIX, name), 'utf8'), name, opts);
const found = (r: ReturnType<typeof scan>) => r.results.filter((x) => !x.suppressed).map((x) => `${x.rule.id}@${x.line}`).sort();

test('realistic Dockerfiles parse without warnings and give exactly the expected findings', () => {
  const table: [string, string[]][] = [
    ['go-multistage.Dockerfile', ['DD-DF-004@19', 'DD-DF-004@5', 'DD-DF-021@19']],
    ['node-heredoc.Dockerfile', ['DD-DF-002@7', 'DD-DF-004@2', 'DD-DF-004@7', 'DD-DF-012@13', 'DD-DF-013@13', 'DD-DF-021@7']],
    ['java-windows.Dockerfile', ['DD-DF-004@10', 'DD-DF-004@2']],
    [
      'legacy.Dockerfile',
      ['DD-DF-002@1', 'DD-DF-003@1', 'DD-DF-004@1', 'DD-DF-021@1', 'DD-DF-026@2', 'DD-DF-015@3', 'DD-DF-006@4', 'DD-DF-012@4', 'DD-DF-013@4', 'DD-DF-009@8', 'DD-DF-007@9', 'DD-DF-018@10', 'DD-DF-018@10', 'DD-DF-019@11', 'DD-DF-010@12', 'DD-DF-020@13', 'DD-DF-024@14', 'DD-DF-022@15'].sort(),
    ],
  ];
  for (const [name, want] of table) {
    const r = scan(name);
    assert.deepEqual(r.warnings, [], name);
    assert.deepEqual(found(r), want, name);
  }
});

const cases: { name: string; text: string; want: string[]; opts?: { trustedRegistries?: string[] } }[] = [
  { name: 'root user', text: 'FROM alpine:3.20\nUSER 0:0\nHEALTHCHECK NONE\n', want: ['DD-DF-001@2', 'DD-DF-004@1'] },
  { name: 'untagged base', text: 'FROM alpine\nUSER app\nHEALTHCHECK NONE\n', want: ['DD-DF-003@1', 'DD-DF-004@1'] },
  { name: 'digest pinned, scratch ignored', text: 'FROM alpine@sha256:' + 'a'.repeat(64) + ' AS b\nFROM scratch\nCOPY --from=b /x /x\nUSER 1000\nHEALTHCHECK NONE\n', want: [] },
  { name: 'untrusted registry', text: 'FROM quay.io/x/y:1@sha256:' + 'b'.repeat(64) + '\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-005@1'], opts: { trustedRegistries: ['ghcr.io/acme', 'docker.io/library'] } },
  { name: 'trusted prefix', text: 'FROM ghcr.io/acme/base:1@sha256:' + 'b'.repeat(64) + '\nUSER 1\nHEALTHCHECK NONE\n', want: [], opts: { trustedRegistries: ['ghcr.io/acme'] } },
  { name: 'apk without --no-cache, update alone, upgrade', text: 'FROM alpine:3.20\nRUN apk update\nRUN apk upgrade && apk add curl\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-014@3', 'DD-DF-015@2', 'DD-DF-016@3'] },
  { name: 'apt hygiene good', text: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1'] },
  { name: 'apt cache mount', text: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y --no-install-recommends git\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1'] },
  { name: 'yum without clean', text: 'FROM rockylinux:9\nRUN yum install -y git\nRUN dnf install -y make && dnf clean all\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-006@3', 'DD-DF-017@2'] },
  { name: 'wget piped to sh inside sh -c', text: 'FROM alpine:3\nRUN wget -qO- https://x.example | sh -s -- -y\nRUN sh -c "$(curl -fsSL https://y.example)"\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-009@2', 'DD-DF-009@3'] },
  { name: 'ADD local archive and file', text: 'FROM alpine:3\nADD rootfs.tar.xz /\nADD conf /etc/conf\nADD --checksum=sha256:abc https://x/y /y\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-008@2', 'DD-DF-008@3'] },
  { name: 'ARG secret and ENV ref', text: 'FROM alpine:3\nARG NPM_TOKEN\nENV PASSWORD_FILE=/run/secrets/pw API_KEY=$API_KEY\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-018@2'] },
  { name: 'copied .env and pem key', text: 'FROM alpine:3\nCOPY .env server.key /app/\nCOPY cert.pub /app/\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-019@2', 'DD-DF-019@2'] },
  { name: 'duplicate ENTRYPOINT/HEALTHCHECK, port range', text: 'FROM alpine:3\nEXPOSE 70000 80/tcp\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nUSER 1\n', want: ['DD-DF-004@1', 'DD-DF-023@3', 'DD-DF-025@2', 'DD-DF-027@5'] },
  { name: 'COPY --from self, duplicate alias, dest slash, RUN cd', text: 'FROM alpine:3 AS a\nCOPY --from=a /x /y\nFROM alpine:3 AS a\nCOPY a b c\nRUN cd /tmp\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-004@3', 'DD-DF-028@5', 'DD-DF-029@2', 'DD-DF-030@3', 'DD-DF-031@4'] },
  { name: 'build base image in final stage', text: 'FROM golang:1.22\nRUN go build -o /app .\nUSER 1\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-006@1'] },
  { name: 'npm dev deps in final stage', text: 'FROM node:20\nRUN npm ci\nRUN npm ci --omit=dev\nUSER node\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1', 'DD-DF-006@2'] },
  { name: 'suppression without reason is reported and not applied', text: 'FROM alpine:3\n# drydock:ignore=DD-DF-001\nUSER root\nHEALTHCHECK NONE\n', want: ['DD-DF-001@3', 'DD-DF-004@1', 'DD-GEN-001@2'] },
  { name: 'suppression with reason', text: 'FROM alpine:3\n# drydock:ignore=DD-DF-001,DD-DF-010 build-time only\nUSER root\nHEALTHCHECK NONE\n', want: ['DD-DF-004@1'] },
  { name: 'empty file and parse junk do not crash', text: 'RUN echo hi\n\\\n', want: [] },
];

for (const c of cases) {
  test(`dockerfile: ${c.name}`, () => {
    assert.deepEqual(found(scanDockerfile(c.text, 'Dockerfile', c.opts)), [...c.want].sort());
  });
}

test('rule ids are unique and metadata complete', () => {
  const ids = new Set<string>();
  for (const r of DOCKERFILE_RULES) {
    assert.ok(!ids.has(r.id), r.id);
    ids.add(r.id);
    for (const k of ['title', 'description', 'remediation'] as const) assert.ok(r[k].length > 5, `${r.id} ${k}`);
    assert.ok(r.references.length > 0, r.id);
    assert.equal(r.target, 'dockerfile');
  }
});
