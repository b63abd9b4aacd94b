// Base detection, attribution and FROM rewriting over Dockerfiles shaped like real projects'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../dockerfile/index.js';
import { baseFromDockerfile, baseFromLabels, detectBaseImage } from './detect.js';
import { layerOrigins, attributeFindings } from './attribution.js';
import { rewriteBaseImage, unifiedDiff } from './fix.js';
import type { Finding } from '../match/types.js';
import type { LayerInfo } from '../image/types.js';

const D = 'sha256:' + 'a'.repeat(64);

// Go service, as in many projects' READMEs: builder stage + distroless runtime, ARG-templated versions.
const GO_MULTISTAGE = `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
ARG RUNTIME=gcr.io/distroless/static-debian12:nonroot

FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM \${RUNTIME}
COPY --from=build /out/app /app
USER nonroot
ENTRYPOINT ["/app"]
`;

// docker-library style tomcat app: chain of stages, digest-pinned base, explicit platform.
const TOMCAT_CHAIN = `FROM --platform=linux/amd64 registry:5000/lib/tomcat:8.5.21-jdk8@${D} AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*

FROM maven:3.9-eclipse-temurin-17 AS build
COPY pom.xml .
RUN mvn -q package

FROM runtime AS app
# keep the war last: it changes most often
COPY --from=build /target/app.war /usr/local/tomcat/webapps/ROOT.war
EXPOSE 8080
`;

const SCRATCH = `FROM golang:1.21 AS build
RUN go build -o /hello .
FROM scratch
COPY --from=build /hello /hello
ENTRYPOINT ["/hello"]
`;

const ARG_TAG = `# comment kept
ARG TOMCAT_VERSION="8.5.21"
ARG VARIANT=jdk8
FROM tomcat:\${TOMCAT_VERSION}-\${VARIANT}\r
RUN echo hi\r
`;

test('detection: ARG defaults and --build-arg, stage chains, --platform, digests, scratch', async () => {
  const go = baseFromDockerfile(parseDockerfile(GO_MULTISTAGE));
  assert.deepEqual(go, { image: 'gcr.io/distroless/static-debian12:nonroot', source: 'dockerfile', line: 12, stage: 1 });
  const overridden = baseFromDockerfile(parseDockerfile(GO_MULTISTAGE), { RUNTIME: 'alpine:3.20' });
  assert.equal(overridden && 'image' in overridden ? overridden.image : '', 'alpine:3.20');

  const chain = baseFromDockerfile(parseDockerfile(TOMCAT_CHAIN));
  assert.deepEqual(chain, { image: `registry:5000/lib/tomcat:8.5.21-jdk8@${D}`, source: 'dockerfile', line: 1, stage: 0, platform: 'linux/amd64' });

  assert.deepEqual(baseFromDockerfile(parseDockerfile(SCRATCH)), { scratch: true, line: 3 });
  await assert.rejects(detectBaseImage({ dockerfile: { text: SCRATCH, file: 'Dockerfile' } }), /FROM scratch/);

  const arg = baseFromDockerfile(parseDockerfile(ARG_TAG));
  assert.equal(arg && 'image' in arg ? arg.image : '', 'tomcat:8.5.21-jdk8');
});

test('detection from OCI base labels, with and without a digest', async () => {
  const config = { config: { Labels: { 'org.opencontainers.image.base.name': 'docker.io/library/tomcat:8.5.21-jdk8', 'org.opencontainers.image.base.digest': D } } };
  assert.deepEqual(baseFromLabels({ config }), { image: `docker.io/library/tomcat:8.5.21-jdk8@${D}`, source: 'label' });
  assert.equal(baseFromLabels({ config: {} }), undefined);
  const meta = { reference: 'x', config, layers: [] };
  assert.equal((await detectBaseImage({ metadata: meta })).source, 'label');
  await assert.rejects(detectBaseImage({ metadata: { reference: 'x', config: {}, layers: [] } }), /could not tell which base image/);
});

const layers = (n: number): LayerInfo[] =>
  Array.from({ length: n }, (_, i) => ({ index: i, digest: `sha256:${i}`, diffId: `sha256:d${i}`, mediaType: 'x', compression: 'gzip' as const }));

test('attribution: base layers, then the chain of stages’ RUN/COPY/ADD in order', () => {
  const df = parseDockerfile(TOMCAT_CHAIN);
  const o = layerOrigins({ df, layers: layers(5), baseLayerCount: 3 });
  assert.deepEqual(o.map((x) => (x.kind === 'instruction' ? x.instruction.line : x.kind)), ['base', 'base', 'base', 2, 11]);
  // a layer count that does not add up attributes the base only, with a warning
  const warnings: string[] = [];
  const bad = layerOrigins({ df, layers: layers(5), baseLayerCount: 2 }, (w) => warnings.push(w.message));
  assert.deepEqual(bad.map((x) => x.kind), ['base', 'base', 'unknown', 'unknown', 'unknown']);
  assert.match(warnings[0], /5 layers but the Dockerfile explains 2 on top of 2 base layers/);

  const pkg = (layerIndex: number) => ({ name: 'p', version: '1', type: 'apk' as const, purl: '', licenses: [], foundBy: 't', locations: [{ path: '/x', layerIndex }] });
  const findings = [0, 3, 4].map((i) => ({ id: `CVE-${i}`, package: pkg(i) }) as unknown as Finding);
  assert.equal(attributeFindings(findings, { df, layers: layers(5), baseImage: 'tomcat:8.5.21-jdk8', baseLine: 1 }), 3);
  assert.equal(findings[0].attribution?.kind, 'base');
  assert.equal(findings[0].attribution?.line, 1);
  assert.deepEqual(findings[1].attribution, { file: 'Dockerfile', kind: 'instruction', line: 2, instruction: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*' });
  assert.equal(findings[2].attribution?.instruction, 'COPY --from=build /target/app.war /usr/local/tomcat/webapps/ROOT.war');

  // FROM scratch: every layer is the Dockerfile's
  const s = layerOrigins({ df: parseDockerfile(SCRATCH), layers: layers(1) });
  assert.deepEqual(s.map((x) => (x.kind === 'instruction' ? x.instruction.line : x.kind)), [4]);
});

function onlyLineChanged(before: string, after: string, lineNo: number): void {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length);
  a.forEach((l, i) => (i === lineNo - 1 ? assert.notEqual(l, b[i]) : assert.equal(l, b[i], `line ${i + 1} changed`)));
}

test('fix: literal FROM with platform, digest and alias: only the image text changes', () => {
  const r = rewriteBaseImage(TOMCAT_CHAIN, 'Dockerfile', { tag: '8.5.97-jdk8' });
  assert.equal(r.from, `registry:5000/lib/tomcat:8.5.21-jdk8@${D}`);
  assert.equal(r.to, 'registry:5000/lib/tomcat:8.5.97-jdk8');
  onlyLineChanged(TOMCAT_CHAIN, r.text, 1);
  assert.equal(r.text.split('\n')[0], 'FROM --platform=linux/amd64 registry:5000/lib/tomcat:8.5.97-jdk8 AS runtime');
  const pinned = rewriteBaseImage(TOMCAT_CHAIN, 'Dockerfile', { tag: '8.5.97-jdk8', digest: 'sha256:' + 'b'.repeat(64) });
  assert.equal(pinned.text.split('\n')[0], `FROM --platform=linux/amd64 registry:5000/lib/tomcat:8.5.97-jdk8@sha256:${'b'.repeat(64)} AS runtime`);
  assert.equal(unifiedDiff(TOMCAT_CHAIN, r.text, 'Dockerfile').split('\n').filter((l) => /^[-+][^-+]/.test(l)).length, 2);
});

test('fix: ARG-templated FROM rewrites the ARG default, keeping quotes, comments and CRLF', () => {
  const r = rewriteBaseImage(ARG_TAG, 'Dockerfile', { tag: '8.5.97-jdk8' });
  onlyLineChanged(ARG_TAG, r.text, 2);
  assert.equal(r.text.split('\n')[1], 'ARG TOMCAT_VERSION="8.5.97"');
  assert.ok(r.text.includes('FROM tomcat:${TOMCAT_VERSION}-${VARIANT}\r\n'));
  // a variant change needs the other ARG too: VARIANT is solved when it is the only one that differs
  const slim = rewriteBaseImage(ARG_TAG, 'Dockerfile', { tag: '8.5.21-jdk8-slim' });
  assert.equal(slim.text.split('\n')[2], 'ARG VARIANT=jdk8-slim');
  onlyLineChanged(ARG_TAG, slim.text, 3);
  // the whole image in one ARG (Go example): the runtime ARG gets the new tag
  const go = rewriteBaseImage(GO_MULTISTAGE, 'Dockerfile', { tag: 'debug-nonroot' });
  onlyLineChanged(GO_MULTISTAGE, go.text, 3);
  assert.equal(go.text.split('\n')[2], 'ARG RUNTIME=gcr.io/distroless/static-debian12:debug-nonroot');
  assert.throws(() => rewriteBaseImage(SCRATCH, 'Dockerfile', { tag: 'x' }), /FROM scratch/);
  assert.throws(() => rewriteBaseImage(GO_MULTISTAGE, 'Dockerfile', { tag: 'x' }, { RUNTIME: 'alpine:3.20' }), /--build-arg RUNTIME/);
});
