import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInput } from '../../image/layer/types.js';
import { parseDepsJson, parsePackagesLock } from './nuget.js';

test('deps.json: package libraries only', () => {
  const json = { runtimeTarget: { name: '.NETCoreApp,Version=v6.0' }, libraries: { 'App/1.0.0': { type: 'project' }, 'Newtonsoft.Json/13.0.1': { type: 'package', sha512: 'x' }, 'System.Text.Json/6.0.0': { type: 'package' } } };
  const content = Buffer.from(JSON.stringify(json));
  const f: FileInput = { meta: { path: '/app/App.deps.json', kind: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content, layerIndex: 0 };
  assert.deepEqual(parseDepsJson(f, (m) => assert.fail(m)).map((p) => p.purl), ['pkg:nuget/Newtonsoft.Json@13.0.1', 'pkg:nuget/System.Text.Json@6.0.0']);
});

test('packages.lock.json', () => {
  const lock = JSON.stringify({ version: 1, dependencies: { 'net6.0': { Serilog: { type: 'Direct', requested: '[2.12.0, )', resolved: '2.12.0' }, Lib: { type: 'Project' } } } });
  assert.deepEqual(parsePackagesLock(lock, { path: '/src/packages.lock.json' }, () => {}).map((p) => p.purl), ['pkg:nuget/Serilog@2.12.0']);
});
