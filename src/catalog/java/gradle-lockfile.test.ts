import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGradleLockfile, parseGradleLockfile } from './gradle-lockfile.js';

// As `gradle dependencies --write-locks` writes it (Gradle 8)
const LOCKFILE = `# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
com.fasterxml.jackson.core:jackson-annotations:2.15.2=compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath
com.fasterxml.jackson.core:jackson-databind:2.15.2=compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath
org.apache.logging.log4j:log4j-core:2.14.1=runtimeClasspath,testRuntimeClasspath
org.junit.jupiter:junit-jupiter-api:5.10.0=testCompileClasspath,testRuntimeClasspath
org.opentest4j:opentest4j:1.3.0=testFixturesRuntimeClasspath
empty=annotationProcessor,testAnnotationProcessor
`;

test('gradle.lockfile: group:artifact:version lines as Maven packages; test-only ones marked dev', () => {
  const pkgs = parseGradleLockfile(LOCKFILE.replaceAll('\n', '\r\n'), { path: '/src/gradle.lockfile' }, () => assert.fail('no warnings'));
  assert.deepEqual(
    pkgs.map((p) => [p.name, p.purl, p.metadata?.dev ?? false]),
    [
      ['com.fasterxml.jackson.core:jackson-annotations', 'pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.15.2', false],
      ['com.fasterxml.jackson.core:jackson-databind', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2', false],
      ['org.apache.logging.log4j:log4j-core', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', false],
      ['org.junit.jupiter:junit-jupiter-api', 'pkg:maven/org.junit.jupiter/junit-jupiter-api@5.10.0', true],
      ['org.opentest4j:opentest4j', 'pkg:maven/org.opentest4j/opentest4j@1.3.0', true],
    ],
  );
  assert.ok(pkgs.every((p) => p.foundBy === 'java-gradle-lockfile-cataloger' && p.group !== undefined));
});

test('gradle.lockfile: lines that are not coordinates are skipped', () => {
  const text = 'a:b=x\na:b:c:d=x\n:b:1=x\na b:c:1=x\n=x\nplain text\ng:a:1.0=\n';
  assert.deepEqual(parseGradleLockfile(text, { path: '/l' }, () => undefined).map((p) => p.purl), ['pkg:maven/g/a@1.0']);
  assert.deepEqual(
    ['gradle.lockfile', 'buildscript-gradle.lockfile', 'settings-gradle.lockfile', 'compileClasspath.lockfile', 'gradle.lockfile.bak'].map(isGradleLockfile),
    [true, true, true, false, false],
  );
});
