// End to end, issue "Application packages inside images": an image built here from the debian-base layer
// (.cache/images) plus what installing Debian's real libtomcat9-java, python3-urllib3 and runc writes (their data
// trees AND the dpkg bookkeeping: status stanzas and info/<pkg>.list). The real CLI must list the application
// packages inside them with versions that agree with the .deb files' own metadata, link each to its Debian package
// (ownedBy), and by default leave their matching to the Debian package's advisories (`--match-owned` matches both).
// Every expectation is derived from the .deb files (control fields, file lists, METADATA/PKG-INFO), not hard-coded.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IMAGES, IMAGES_SKIP, ROOT, drydock, removeDir, show, tempDir } from './cli.js';
import { fetchDebs } from '../helpers/debs.js';

interface Loc {
  path: string;
  layerIndex?: number;
  layerDiffId?: string;
  createdBy?: string;
}
interface Pkg {
  name: string;
  version: string;
  type: string;
  purl?: string;
  ownedBy?: string;
  metadata?: Record<string, unknown>;
  locations?: Loc[];
}
interface Report {
  targets: { name: string; kind: string; type: string; packages: Pkg[] }[];
}
interface Finding {
  id: string;
  aliases?: string[];
  package: { name: string; version?: string; purl?: string };
}

const CACHE = join(ROOT, '.cache/e2e-debian-apps');
const WANTED = ['libtomcat9-java', 'python3-urllib3', 'runc'];
/** bumped when the way the image is built changes, so an old cached layout is not reused */
const RECIPE = 'debian-apps-v1';
const TAG = 'debian-apps';
const TEST_ID = 'TEST-OWNED-1';

const run = (cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): string =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
const sh = (script: string): string => run('bash', ['-o', 'pipefail', '-c', script]);
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const field = (deb: string, f: string): string => run('dpkg-deb', ['-f', deb, f]).trim();
/** Debian version -> upstream version: no epoch, no revision, no +dfsg/+ds repack suffix */
const upstream = (v: string): string =>
  v
    .replace(/^\d+:/, '')
    .replace(/-[^-]+$/, '')
    .replace(/[+~](dfsg|ds)\d*$/, '');

/** One `dpkg-deb -c` line -> [type char, absolute path] ("./usr/x/" -> "/usr/x", "./" -> "/.", symlink target dropped). */
function listEntries(deb: string): { type: string; path: string }[] {
  return run('dpkg-deb', ['-c', deb])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S)\S*\s+\S+\s+\d+\s+\S+\s+\S+\s(.*)$/.exec(line);
      assert.ok(m, `unparsable dpkg-deb -c line: ${line}`);
      let path = m[2];
      if (m[1] === 'l') path = path.replace(/ -> .*$/, '');
      else if (m[1] === 'h') path = path.replace(/ link to .*$/, '');
      path = path.replace(/^\.\//, '/').replace(/\/$/, '');
      return { type: m[1], path: path === '' ? '/.' : path };
    });
}

interface Base {
  blob: string;
  diffId: string;
}
function debianBase(): Base | string {
  const fx = JSON.parse(readFileSync(join(IMAGES, 'fixtures.json'), 'utf8')) as { images: { tag: string; layers: { digest: string }[]; diff_ids: string[] }[] };
  const img = fx.images.find((i) => i.tag === 'debian-base');
  if (!img) return 'debian-base is not in .cache/images/fixtures.json';
  const blob = join(IMAGES, 'layouts/debian-base/blobs/sha256', img.layers[0].digest.slice('sha256:'.length));
  if (!existsSync(blob)) return `debian-base layer blob missing: ${blob}`;
  return { blob, diffId: img.diff_ids[0] };
}

/** Builds (or reuses) the OCI layout; returns its directory. */
function buildImage(debs: Map<string, string>, base: Base): string {
  const h = createHash('sha256').update(RECIPE).update(base.diffId);
  for (const [n, deb] of debs) h.update(n).update(readFileSync(deb));
  const dir = join(CACHE, h.digest('hex').slice(0, 16));
  const layout = join(dir, 'layout');
  if (existsSync(join(dir, 'done'))) return layout;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'tmp-'));
  try {
    const root = join(work, 'root');
    mkdirSync(root);
    // 1. the files the packages install
    for (const deb of debs.values()) sh(`dpkg-deb --fsys-tarfile ${q(deb)} | tar -x -C ${q(root)}`);
    // 2. the dpkg bookkeeping an install writes: status = base status + one stanza per package; info/<pkg>.list
    const baseStatus = sh(`tar -xzOf ${q(base.blob)} var/lib/dpkg/status`);
    const stanzas = [...debs.values()].map((deb) => {
      const control = run('dpkg-deb', ['-f', deb]).replace(/\n+$/, '');
      // dpkg writes Status right after Package
      return control.replace(/^(Package: .*)$/m, '$1\nStatus: install ok installed') + '\n';
    });
    mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
    writeFileSync(join(root, 'var/lib/dpkg/status'), baseStatus.replace(/\n*$/, '\n\n') + stanzas.join('\n'));
    for (const [n, deb] of debs) {
      const multiArchSame = field(deb, 'Multi-Arch') === 'same';
      const file = multiArchSame ? `${n}:${field(deb, 'Architecture')}.list` : `${n}.list`;
      writeFileSync(join(root, 'var/lib/dpkg/info', file), listEntries(deb).map((e) => e.path).join('\n') + '\n');
    }
    // 3. deterministic layer tars (uncompressed; relative names) and the image by hand-oci.sh
    const apps = join(work, 'apps.tar');
    const entries = readdirSync(root).sort();
    run(
      'tar',
      ['--sort=name', '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime', '--mtime=@1700000000', '--owner=0', '--group=0', '--numeric-owner', '-cf', apps, ...entries],
      { cwd: root },
    );
    const baseTar = join(work, 'base.tar');
    sh(`gzip -dc ${q(base.blob)} > ${q(baseTar)}`);
    const baseDiff = 'sha256:' + sh(`sha256sum ${q(baseTar)}`).split(' ')[0];
    assert.equal(baseDiff, base.diffId, 'the unpacked debian-base blob has the diff_id fixtures.json records');
    run(join(ROOT, 'test/tools/hand-oci.sh'), [join(work, 'layout'), TAG, baseTar, apps], { input: '' });
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    renameSync(join(work, 'layout'), layout);
    writeFileSync(join(dir, 'done'), new Date().toISOString() + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return layout;
}

/** The history line of layer 1 in the layout's own config (what hand-oci.sh wrote). */
function layerHistory(layout: string): { createdBy: string[]; diffIds: string[] } {
  const blob = (d: string): string => join(layout, 'blobs', ...d.split(':'));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8'));
  return {
    createdBy: (config.history as { created_by?: string; empty_layer?: boolean }[]).filter((h) => !h.empty_layer).map((h) => h.created_by ?? ''),
    diffIds: config.rootfs.diff_ids,
  };
}

let skip: string | false = IMAGES_SKIP;
let debs = new Map<string, string>();
let base: Base | undefined;
if (!skip) {
  const b = debianBase();
  if (typeof b === 'string') skip = b;
  else base = b;
}
if (!skip) {
  const d = fetchDebs(WANTED);
  if (typeof d === 'string') skip = d;
  else debs = d;
}
if (skip) console.log(`# debian-apps e2e skipped: ${skip}`);

describe('Debian application packages inside an image (libtomcat9-java, python3-urllib3, runc)', { skip }, () => {
  let layout = '';
  let ref = '';
  let report: Report;
  let all: Pkg[] = [];
  let tmp: string | undefined;
  const deb = (n: string): string => debs.get(n)!;

  before(async () => {
    layout = buildImage(debs, base!);
    ref = `oci:${layout}`;
    const r = await drydock(['sbom', ref, '--format', 'json'], { timeout: 120_000 });
    assert.equal(r.code, 0, show(r));
    report = JSON.parse(r.stdout) as Report;
    all = report.targets.flatMap((t) => t.packages);
  });
  after(() => removeDir(tmp));

  const debPkg = (n: string): Pkg => {
    const hits = all.filter((p) => p.type === 'deb' && p.name === n);
    assert.equal(hits.length, 1, `one deb package ${n}: ${hits.map((p) => p.purl).join(' ')}`);
    return hits[0];
  };
  const at = (path: string): Pkg[] => all.filter((p) => p.type !== 'deb' && p.locations?.some((l) => l.path === path));

  test('the Debian packages are listed with the control files’ versions, from layer 1', () => {
    const hist = layerHistory(layout);
    for (const n of WANTED) {
      const p = debPkg(n);
      assert.equal(p.version, field(deb(n), 'Version'), n);
      assert.ok(p.purl?.startsWith(`pkg:deb/debian/${n}@`), p.purl);
      // the status stanza lives in the base's status file rewritten by layer 1
      assert.equal(p.locations?.[0]?.layerIndex, 1, `${n} layer: ${JSON.stringify(p.locations)}`);
      assert.equal(p.locations?.[0]?.layerDiffId, hist.diffIds[1]);
    }
    // and the base's own packages are still there, from layer 0
    const bash = debPkg('bash');
    assert.equal(bash.locations?.[0]?.layerIndex, 0);
  });

  test('every Tomcat jar of libtomcat9-java is its maven artifact at the upstream version, plus the Tomcat product', () => {
    const version = upstream(field(deb('libtomcat9-java'), 'Version'));
    const entries = listEntries(deb('libtomcat9-java'));
    // the package's own maven-repo links name each jar's artifact: maven-repo/org/apache/tomcat/<artifact>/<v>/… -> …/java/<jar>
    const artifactOf = new Map<string, string>();
    for (const line of run('dpkg-deb', ['-c', deb('libtomcat9-java')]).split('\n')) {
      const m = /\.\/usr\/share\/maven-repo\/org\/apache\/tomcat\/([^/]+)\/([^/]+)\/[^ ]+ -> (?:\.\.\/)+java\/(\S+\.jar)$/.exec(line);
      if (m && m[2] === version) artifactOf.set(`/usr/share/java/${m[3]}`, m[1]);
    }
    const jars = entries.filter((e) => e.type === '-' && /^\/usr\/share\/(java|tomcat9\/lib)\/tomcat9?-[^/]*\.jar$/.test(e.path)).map((e) => e.path);
    assert.ok(jars.length >= 20, `libtomcat9-java ships its jars: ${jars.length}`);
    const owner = debPkg('libtomcat9-java').purl;
    const hist = layerHistory(layout);
    for (const jar of jars) {
      const artifact = artifactOf.get(jar);
      assert.ok(artifact, `maven-repo link for ${jar}`);
      const got = at(jar);
      const want = `pkg:maven/org.apache.tomcat/${artifact}@${version}`;
      assert.ok(
        got.some((p) => p.purl === want),
        `${jar}: want ${want}, got ${got.map((p) => p.purl).join(' ') || 'nothing'}`,
      );
      for (const p of got) {
        assert.equal(p.version, version, `${jar}: ${p.purl}`);
        assert.equal(p.ownedBy, owner, `${jar} ownedBy`);
        const loc = p.locations!.find((l) => l.path === jar)!;
        assert.equal(loc.layerIndex, 1, jar);
        assert.equal(loc.createdBy, hist.createdBy[1], jar);
      }
    }
    const product = all.filter((p) => p.purl === `pkg:maven/org.apache.tomcat/tomcat@${version}`);
    assert.ok(product.length >= 1, 'the Tomcat product');
    for (const p of product) assert.equal(p.ownedBy, owner);
    // each jar's own MANIFEST.MF (Implementation-Version, else Bundle-Version) states that same version
    const unpacked = tempDir('tomcat-jars');
    try {
      sh(`dpkg-deb --fsys-tarfile ${q(deb('libtomcat9-java'))} | tar -x -C ${q(unpacked)} ./usr/share/java`);
      const py = [
        'import sys, json, re, zipfile',
        'out = {}',
        'for j in sys.argv[1:]:',
        "    m = zipfile.ZipFile(j).read('META-INF/MANIFEST.MF').decode().replace('\\r', '').replace('\\n ', '')",
        "    d = dict(re.findall(r'^([\\w-]+): *(.*)$', m, re.M))",
        "    out[j] = d.get('Implementation-Version') or d.get('Bundle-Version')",
        'print(json.dumps(out))',
      ].join('\n');
      const own = JSON.parse(run('python3', ['-c', py, ...jars.map((j) => join(unpacked, j))])) as Record<string, string | null>;
      for (const jar of jars) assert.equal(own[join(unpacked, jar)], version, `${jar} MANIFEST.MF version`);
    } finally {
      removeDir(unpacked);
    }
    // nothing maven in the image is at another version or unowned (base has no Java)
    for (const p of all.filter((x) => x.type === 'maven')) {
      assert.equal(p.version, version, p.purl);
      assert.equal(p.ownedBy, owner, `${p.purl} ownedBy`);
    }
  });

  test('urllib3 is the pypi package at the version its own metadata in the .deb states', () => {
    const d = deb('python3-urllib3');
    const meta = listEntries(d).find((e) => e.type === '-' && /\/urllib3-[^/]+\.(dist|egg)-info\/(METADATA|PKG-INFO)$/.test(e.path));
    assert.ok(meta, 'urllib3 METADATA/PKG-INFO in the .deb');
    const text = sh(`dpkg-deb --fsys-tarfile ${q(d)} | tar -xO .${meta.path}`);
    const version = /^Version: (\S+)$/m.exec(text)?.[1];
    assert.ok(version, 'Version: in the metadata');
    const py = all.filter((p) => p.type === 'pypi' && p.name.toLowerCase() === 'urllib3');
    assert.deepEqual(py.map((p) => p.purl), [`pkg:pypi/urllib3@${version}`]);
    assert.equal(py[0].ownedBy, debPkg('python3-urllib3').purl);
    const dir = meta.path.replace(/\/[^/]+$/, '');
    const loc = py[0].locations!.find((l) => l.path.startsWith(dir));
    assert.ok(loc, `urllib3 found at ${dir}: ${JSON.stringify(py[0].locations)}`);
    assert.equal(loc.layerIndex, 1);
    assert.equal(loc.createdBy, layerHistory(layout).createdBy[1]);
  });

  test("runc's Go toolchain is golang stdlib at the version of Built-Using golang-1.x (and go version -m)", () => {
    const d = deb('runc');
    const builtUsing = /golang-1\.\d+ \(= ([^)]+)\)/.exec(field(d, 'Built-Using'))?.[1];
    assert.ok(builtUsing, 'Built-Using names golang-1.x');
    const goVersion = upstream(builtUsing);
    const bin = listEntries(d).find((e) => e.type === '-' && /\/s?bin\/runc$/.test(e.path));
    assert.ok(bin, 'runc binary in the .deb');
    const binPath: string = bin.path;
    // the binary's own build info, when a go toolchain is at hand
    let goHave = true;
    try {
      run('sh', ['-c', 'command -v go']);
    } catch {
      goHave = false;
    }
    if (goHave) {
      const dir = tempDir('runc');
      try {
        sh(`dpkg-deb --fsys-tarfile ${q(d)} | tar -x -C ${q(dir)} .${binPath}`);
        const first = run('go', ['version', '-m', join(dir, binPath)]).split('\n')[0];
        assert.match(first, new RegExp(`: go${goVersion.replace(/\./g, '\\.')}$`), `go version -m: ${first}`);
      } finally {
        removeDir(dir);
      }
    }
    const stdlib = at(binPath).filter((p) => p.type === 'golang' && p.name === 'stdlib');
    assert.deepEqual(stdlib.map((p) => p.purl), [`pkg:golang/stdlib@${goVersion}`], at(binPath).map((p) => p.purl).join(' '));
    const owner = debPkg('runc').purl;
    for (const p of at(binPath)) {
      assert.equal(p.ownedBy, owner, `${p.purl} ownedBy`);
      const loc = p.locations!.find((l) => l.path === binPath)!;
      assert.equal(loc.layerIndex, 1);
      assert.equal(loc.createdBy, layerHistory(layout).createdBy[1]);
    }
  });

  test('owned packages are matched through the OS package by default; --match-owned matches their own ecosystem too', async () => {
    tmp = tempDir('debian-apps');
    // test-only synthetic OSV record (not a real advisory): every tomcat-catalina below 99
    const osv = {
      schema_version: '1.6.0',
      id: TEST_ID,
      modified: '2024-01-01T00:00:00Z',
      published: '2024-01-01T00:00:00Z',
      summary: 'test-only synthetic advisory for the owned-package e2e test (not a real vulnerability)',
      affected: [{ package: { ecosystem: 'Maven', name: 'org.apache.tomcat:tomcat-catalina' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '99' }] }] }],
    };
    const recs = join(tmp, 'osv');
    mkdirSync(recs);
    writeFileSync(join(recs, `${TEST_ID}.json`), JSON.stringify(osv));
    const db = join(tmp, 'db.sqlite');
    const imp = await drydock(['db', 'import', '--db', db, recs], { timeout: 60_000 });
    assert.equal(imp.code, 0, show(imp));
    const scan = async (extra: string[]): Promise<Finding[]> => {
      const r = await drydock(['image', ref, '--db', db, '--scanners', 'vuln', '--format', 'json', '--quiet', ...extra], { timeout: 120_000 });
      assert.equal(r.code, 0, show(r));
      return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    };
    const hit = (fs: Finding[]): Finding[] => fs.filter((f) => f.id === TEST_ID || f.aliases?.includes(TEST_ID));
    const plain = await scan([]);
    assert.deepEqual(hit(plain), [], `owned tomcat-catalina matched by default: ${JSON.stringify(hit(plain))}`);
    const owned = await scan(['--match-owned']);
    const got = hit(owned);
    assert.ok(got.length >= 1, `--match-owned reports ${TEST_ID}: ${owned.map((f) => f.id).join(',')}`);
    const version = upstream(field(deb('libtomcat9-java'), 'Version'));
    for (const f of got) {
      assert.equal(f.package.name.replace(/^org\.apache\.tomcat[:/]/, ''), 'tomcat-catalina', JSON.stringify(f.package));
      if (f.package.version) assert.equal(f.package.version, version);
    }
  });
});
