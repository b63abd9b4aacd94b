// Config-scan benchmark (not a test): 1,000 varied Kubernetes manifests (plus Dockerfiles and compose files)
// written to a temp dir, then one `drydock config` scan of the directory, timed. Target: < 2 s for the manifests.
// Run: node --import tsx bench/config.ts   (wall time suffers when other jobs share the cores; CPU time is printed too)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanConfigPaths } from '../src/misconfig/scan-config.js';

const TARGET_MS = 2000;
const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'];

function podSpec(i: number): string {
  const hardened = i % 3 === 0;
  const sc = hardened
    ? `      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities: {drop: [ALL]}\n`
    : i % 3 === 1
      ? `      securityContext:\n        privileged: true\n        capabilities: {add: [SYS_ADMIN]}\n`
      : '';
  return [
    `  ${hardened ? 'securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}' : 'hostNetwork: ' + (i % 5 === 0)}`,
    i % 4 === 0 ? `  volumes: [{name: h, hostPath: {path: /var/log}}, {name: c, configMap: {name: cfg${i}}}]` : `  volumes: [{name: e, emptyDir: {}}]`,
    `  containers:`,
    `    - name: app${i}`,
    `      image: ${i % 2 ? `registry.example/team/app${i}:1.${i}` : `nginx`}`,
    `      ports: [{containerPort: 8080${i % 7 === 0 ? ', hostPort: 8080' : ''}}]`,
    `      env:`,
    `        - {name: LOG_LEVEL, value: info}`,
    `        - {name: ${i % 6 === 0 ? 'DB_PASSWORD' : 'DB_HOST'}, value: "v${i}-Zx9Yw8Vu7Ts6Rq"}`,
    sc.trimEnd(),
    `      resources: {limits: {cpu: "500m", memory: 128Mi}}`,
  ]
    .filter(Boolean)
    .join('\n');
}

function manifest(i: number): string {
  const kind = KINDS[i % KINDS.length];
  const ns = `team-${i % 10}`;
  const meta = `metadata:\n  name: app${i}\n  namespace: ${ns}\n  labels: {app: app${i}}`;
  const indent = (s: string, n: number) => s.replace(/^/gm, ' '.repeat(n));
  const tmpl = (n: number) => indent(`metadata:\n  labels: {app: app${i}}\nspec:\n${podSpec(i)}`, n);
  let body: string;
  if (kind === 'Pod') body = `apiVersion: v1\nkind: Pod\n${meta}\nspec:\n${podSpec(i)}`;
  else if (kind === 'CronJob') body = `apiVersion: batch/v1\nkind: CronJob\n${meta}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n${tmpl(8)}`;
  else body = `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\n${meta}\nspec:\n  selector: {matchLabels: {app: app${i}}}\n  template:\n${tmpl(4)}`;
  const extra =
    i % 10 === 0
      ? `\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r${i}, namespace: ${ns}}\nrules: [{apiGroups: [""], resources: [secrets, pods/exec], verbs: ["*"]}]`
      : '';
  return body + '\n' + extra + '\n';
}

export async function runConfigBench(count = 1000): Promise<{ manifests: number; files: number; results: number; ms: number; cpuMs: number; perManifestMs: number; targetMs: number; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-config-bench-'));
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `m${String(i).padStart(4, '0')}.yaml`), manifest(i));
    // warm the module graph and the YAML parser, as a CLI run would have loaded them already
    await scanConfigPaths([join(dir, 'm0000.yaml')], { cwd: dir });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await scanConfigPaths([dir], { cwd: dir });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    if (r.warnings.length) throw new Error(`bench manifests produced warnings: ${r.warnings[0].message}`);
    return { manifests: count, files: r.files.length, results: r.results.length, ms: Math.round(ms), cpuMs, perManifestMs: Number((ms / count).toFixed(3)), targetMs: TARGET_MS, ok: ms < TARGET_MS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const f = await runConfigBench();
  console.log(`config scan: ${f.manifests} manifests (${f.files} files), ${f.results} results in ${f.ms} ms wall, ${f.cpuMs} ms CPU (${f.perManifestMs} ms/manifest; target < ${f.targetMs} ms) ${f.ok ? 'OK' : 'TOO SLOW'}`);
  process.exitCode = f.ok ? 0 : 1;
}
