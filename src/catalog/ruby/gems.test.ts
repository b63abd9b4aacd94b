import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGemspec, parseGemfileLock, gemspecCataloger } from './gems.js';
import { inTime } from '../../../test/helpers/in-time.js';

test('installed gemspec (as rubygems writes it)', () => {
  const spec = `# -*- encoding: utf-8 -*-
# stub: nokogiri 1.15.2 x86_64-linux ext
Gem::Specification.new do |s|
  s.name = "nokogiri".freeze
  s.version = "1.15.2"
  s.platform = "x86_64-linux".freeze
  s.licenses = ["MIT".freeze]
end
`;
  assert.deepEqual(parseGemspec(spec), { name: 'nokogiri', version: '1.15.2', licenses: ['MIT'] });
  const spec2 = `Gem::Specification.new do |spec|\n  spec.name    = 'rack'\n  spec.version = Gem::Version.new("3.0.8")\n  spec.license = 'MIT'\nend\n`;
  assert.deepEqual(parseGemspec(spec2), { name: 'rack', version: '3.0.8', licenses: ['MIT'] });
  const w = (path: string) => gemspecCataloger.wants({ path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });
  assert.equal(w('/usr/local/bundle/specifications/rack-3.0.8.gemspec'), true);
  assert.equal(w('/usr/local/bundle/gems/rack-3.0.8/rack.gemspec'), false);
});

test('Gemfile.lock specs', () => {
  const lock = `GEM\n  remote: https://rubygems.org/\n  specs:\n    actioncable (7.0.4)\n      actionpack (= 7.0.4)\n    nokogiri (1.15.2-x86_64-linux)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails (~> 7.0)\n`;
  assert.deepEqual(parseGemfileLock(lock, { path: '/src/Gemfile.lock' }, () => {}).map((p) => p.purl), ['pkg:gem/actioncable@7.0.4', 'pkg:gem/nokogiri@1.15.2']);
});

test('gemspec: the block variable decides, Gem::Version.new and .freeze unwrap, the first assignment wins', () => {
  const text = '# -*- encoding: utf-8 -*-\nGem::Specification.new do |spec|\n  other.name = "wrong"\n  spec.name = "rack".freeze\n  spec.version = Gem::Version.new( "2.2.3" )\n  spec.license = "MIT"\n  spec.licenses = ["BSD"]\n  spec.name = "later"\nend\n';
  assert.deepEqual(parseGemspec(text), { name: 'rack', version: '2.2.3', licenses: ['MIT'] });
});

test('gemspec: runs of blank lines are read in linear time (whole-text patterns backtracked quadratically)', { timeout: 20_000 }, inTime(10_000, () => {
  // 400 KB of newlines took many minutes with /^\s*s\.name\s*=…/m; the test times out rather than measures
  const text = `Gem::Specification.new do |s|\n${'\n'.repeat(200_000)}${' \n'.repeat(100_000)}  s.name = "a"\n  s.version = "1"\nend\n`;
  assert.deepEqual(parseGemspec(text), { name: 'a', version: '1', licenses: [] });
}));

test('gemspec and Gemfile.lock lines with long blank runs and a stray \\r are read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  assert.deepEqual(parseGemspec(`Gem::Specification.new do |s|\n  s.name =${'\t'.repeat(400_000)}\r\n  s.name = "a"\r\n  s.version = "1.0"\r\nend\r\n`), { name: 'a', version: '1.0', licenses: [] });
  assert.deepEqual(parseGemfileLock(`GEM\n  specs:\n    nokogiri (1.15.2${'-arm'.repeat(100_000)}\r-x86)\n`, { path: '/Gemfile.lock' }, () => {}).map((p) => p.version), ['1.15.2']);
}));
