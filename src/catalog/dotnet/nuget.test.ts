import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInput } from '../../image/layer/types.js';
import { isPackagesProps, parseDepsJson, parsePackagesConfig, parsePackagesLock, parsePackagesProps } from './nuget.js';
import { inTime } from '../../../test/helpers/in-time.js';

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

// As NuGet writes it for a .NET Framework project (Visual Studio's package manager)
const PACKAGES_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net472" />
  <package id="log4net" version='2.0.8' targetFramework="net472"/>
  <!-- <package id="Commented.Out" version="1.0.0" /> -->
  <package id="StyleCop.Analyzers" version="1.1.118" targetFramework="net472" developmentDependency="true" />
  <package id="Odd&amp;Name" version="1.0.0" />
  <package id="NoVersion" />
  <packageSources><add key="x" value="y" /></packageSources>
</packages>
`;

test('packages.config: every <package> with a version; development dependencies marked', () => {
  const pkgs = parsePackagesConfig(PACKAGES_CONFIG, { path: '/src/App/packages.config' }, () => assert.fail('no warnings'));
  assert.deepEqual(
    pkgs.map((p) => [p.purl, p.metadata?.dev ?? false]),
    [
      ['pkg:nuget/Newtonsoft.Json@12.0.3', false],
      ['pkg:nuget/log4net@2.0.8', false],
      ['pkg:nuget/StyleCop.Analyzers@1.1.118', true],
      ['pkg:nuget/Odd%26Name@1.0.0', false],
    ],
  );
});

// Central package management (NuGet 6.2+), with an MSBuild property and a range that name no version
const PROPS = `<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
    <SerilogVersion>3.1.1</SerilogVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Microsoft.Extensions.Logging" Version="8.0.0" />
    <PackageVersion Include="Serilog" Version="$(SerilogVersion)" />
    <PackageVersion Include="xunit" Version="[2.4.0,3.0)" />
    <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
    <PackageReference Update="System.Text.Json" Version="6.0.0" />
  </ItemGroup>
</Project>
`;

test('Directory.Packages.props: central versions that are literal versions', () => {
  assert.deepEqual(
    parsePackagesProps(PROPS, { path: '/src/Directory.Packages.props' }, () => assert.fail('no warnings')).map((p) => p.purl),
    ['pkg:nuget/Microsoft.Extensions.Logging@8.0.0', 'pkg:nuget/System.Text.Json@6.0.0', 'pkg:nuget/Nerdbank.GitVersioning@3.6.133'],
  );
  assert.deepEqual(['Directory.Packages.props', 'Packages.props', 'Directory.Build.props', 'packages.config'].map(isPackagesProps), [true, true, false, false]);
});

test('XML manifests with hostile shapes are read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  // a long run of attribute-name characters, a start tag never closed, and many start tags
  const runs = `<packages><package ${'a'.repeat(2_000_000)} id="x" version="1.0.0" /></packages>`;
  assert.equal(parsePackagesConfig(runs, { path: '/p' }, () => {}).length, 1);
  assert.deepEqual(parsePackagesConfig(`<packages><package id="x" version="1.0.0"${' '.repeat(1_000_000)}`, { path: '/p' }, () => {}), []);
  const many = '<packages>' + '<package id="x" version="1.0.0" />'.repeat(100_000) + '</packages>';
  assert.equal(parsePackagesConfig(many, { path: '/p' }, () => {}).length, 100_000);
}));
