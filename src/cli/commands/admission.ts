import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { CommandContext } from '../main.js';
import { usage } from '../io.js';
import { DrydockError } from '../../errors.js';
import { escapeControls } from '../../report/terminal-text.js';

interface ServeFlags {
  config: string;
  cert: string;
  key: string;
  listen: string;
  db?: string;
  cacheDir?: string;
  dockerConfig?: string;
  caFile?: string;
}

interface ManifestFlags {
  config: string;
  namespace: string;
  name: string;
  image?: string;
  replicas: string;
  certManager?: boolean;
  timeoutSeconds: string;
  failurePolicy: string;
  pullSecret?: string;
  vap?: boolean;
  output?: string;
}

/** `127.0.0.1:8443`, `0.0.0.0:8443`, `[::]:8443` or `:8443`. */
export function parseListen(v: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(v.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 0 || port > 65535) throw usage(`invalid --listen "${v}"`, 'use HOST:PORT, e.g. 127.0.0.1:8443 or 0.0.0.0:8443');
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

const int = (v: string, flag: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usage(`${flag} must be an integer from ${min} to ${max}`);
  return n;
};

export function registerAdmission(program: Command, ctx: CommandContext): void {
  const adm = program.command('admission').description('Kubernetes admission webhook: PSS, hardening, trusted registries and an image vulnerability gate');

  adm
    .command('serve')
    .description('Serve AdmissionReview requests at POST /validate over HTTPS (/healthz, /readyz, /metrics)')
    .requiredOption('--config <policy.yaml>', 'admission policy file')
    .requiredOption('--cert <file>', 'serving certificate (PEM); reloaded when it changes')
    .requiredOption('--key <file>', 'private key (PEM); reloaded when it changes')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8443')
    .option('--db <file>', 'vulnerability database for the image gate (else vulnerabilities.db in the policy, else the default location)')
    .option('--cache-dir <dir>', 'cache directory holding the default database')
    .option('--docker-config <dir>', 'directory with config.json holding image pull credentials')
    .option('--ca-file <file>', 'extra CA bundle for registries')
    .action(async (flags: ServeFlags) => {
      const [{ loadAdmissionPolicy }, { startAdmissionServer }] = await Promise.all([import('../../admission/policy.js'), import('../../admission/server.js')]);
      const policy = await loadAdmissionPolicy(flags.config);
      const { host, port } = parseListen(flags.listen);
      let gate;
      let close = () => {};
      if (policy.vulnerabilities) {
        const [{ openDefaultStore }, { VulnGate }, { registryScanner }] = await Promise.all([
          import('../../vulndb/paths.js'),
          import('../../admission/vuln-gate.js'),
          import('../../admission/registry-scanner.js'),
        ]);
        const store = openDefaultStore({ db: flags.db ?? policy.vulnerabilities.db, cacheDir: flags.cacheDir });
        close = () => store.close();
        const v = policy.vulnerabilities;
        gate = new VulnGate(registryScanner({ store, dockerConfigDir: flags.dockerConfig ?? v.dockerConfig, insecureRegistries: v.insecureRegistries, caFile: flags.caFile }), v);
      }
      // one line per event: a request's uid or an error text must not forge log lines or reach a terminal raw
      const log = (m: string) => ctx.io.stderr.write(`${new Date().toISOString()} ${escapeControls(m)}\n`);
      const srv = await startAdmissionServer({ policy, gate, certFile: flags.cert, keyFile: flags.key, host, port, log });
      log(`drydock admission listening on ${srv.url} (pss=${policy.pss}, mode=${policy.mode}${gate ? ', vulnerability gate on' : ''})`);
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          log(`${sig}: shutting down`);
          process.off('SIGTERM', onTerm);
          process.off('SIGINT', onInt);
          void srv.close().then(resolve);
        };
        const onTerm = () => stop('SIGTERM');
        const onInt = () => stop('SIGINT');
        process.on('SIGTERM', onTerm);
        process.on('SIGINT', onInt);
      });
      close();
    });

  adm
    .command('manifests')
    .description('Print the Kubernetes objects that deploy the webhook (or, with --vap, an equivalent ValidatingAdmissionPolicy)')
    .requiredOption('--config <policy.yaml>', 'admission policy file (shipped in a ConfigMap)')
    .option('--namespace <ns>', 'namespace for the webhook', 'drydock-system')
    .option('--name <name>', 'name of the Service, Deployment and webhook configuration', 'drydock-admission')
    .option('--image <ref>', 'drydock image to run')
    .option('--replicas <n>', 'webhook replicas', '2')
    .option('--cert-manager', 'let cert-manager issue the serving certificate and inject the CA (default: generate them now)')
    .option('--timeout-seconds <n>', 'API server timeout for the webhook call', '10')
    .option('--failure-policy <Fail|Ignore>', 'what the API server does when the webhook is unreachable', 'Fail')
    .option('--pull-secret <name>', 'dockerconfigjson Secret with the credentials used to pull images for scanning')
    .option('--vap', 'emit a native ValidatingAdmissionPolicy + bindings (CEL) instead of the webhook')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (flags: ManifestFlags) => {
      const [{ parseAdmissionPolicy }, { buildManifests, manifestsToYaml }, { buildVap }] = await Promise.all([
        import('../../admission/policy.js'),
        import('../../admission/manifests.js'),
        import('../../admission/vap.js'),
      ]);
      let text: string;
      try {
        text = await readFile(flags.config, 'utf8');
      } catch (e) {
        throw new DrydockError('NOT_FOUND', `cannot read admission policy ${flags.config}`, { cause: e });
      }
      const policy = parseAdmissionPolicy(text, flags.config);
      if (flags.failurePolicy !== 'Fail' && flags.failurePolicy !== 'Ignore') throw usage('--failure-policy must be Fail or Ignore');
      const objects = flags.vap
        ? buildVap(policy, { ownNamespace: flags.namespace })
        : await buildManifests({
            policy,
            policyText: text,
            namespace: flags.namespace,
            name: flags.name,
            image: flags.image,
            replicas: int(flags.replicas, '--replicas', 1, 50),
            certificates: flags.certManager ? 'cert-manager' : 'generate',
            timeoutSeconds: int(flags.timeoutSeconds, '--timeout-seconds', 1, 30),
            failurePolicy: flags.failurePolicy,
            pullSecret: flags.pullSecret,
          });
      const out = manifestsToYaml(objects);
      if (flags.output) await writeFile(flags.output, out, { mode: 0o600 });
      else ctx.io.stdout.write(out);
    });
}
