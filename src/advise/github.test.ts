// The pull-request path against a local bare git remote and a local server that checks every request
// against GitHub's documented REST endpoints (git/ref GET, pulls POST) and payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPullRequest, repoFromRemoteUrl } from './github.js';
import { rewriteBaseImage } from './fix.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

const TOKEN = 'ghp_test_token_never_printed';
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

test('repoFromRemoteUrl', () => {
  assert.equal(repoFromRemoteUrl('git@github.com:acme/shop.git'), 'acme/shop');
  assert.equal(repoFromRemoteUrl('https://github.com/acme/shop'), 'acme/shop');
  assert.equal(repoFromRemoteUrl('ssh://git@ghe.example:2222/acme/shop.git'), 'acme/shop');
  assert.equal(repoFromRemoteUrl('https://x-access-token:abc@github.com/acme/shop.git/'), 'acme/shop');
});

test('fix --pr: branch pushed to the remote, GitHub sees the ref, then POST /repos/{owner}/{repo}/pulls', async () => {
  const root = makeTempDir('drydock-pr-');
  const bare = join(root, 'remote.git');
  const work = join(root, 'work');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  git(work, 'config', 'user.email', 'dev@example.com');
  git(work, 'config', 'user.name', 'Dev');
  const dockerfile = '# app\nFROM tomcat:8.5.21-jdk8\nCOPY app.war /usr/local/tomcat/webapps/\n';
  writeFileSync(join(work, 'Dockerfile'), dockerfile);
  git(work, 'add', 'Dockerfile');
  git(work, 'commit', '-q', '-m', 'init');
  git(work, 'remote', 'add', 'origin', bare);
  git(work, 'push', '-q', 'origin', 'main');

  const seen: string[] = [];
  const problems: string[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push(`${req.method} ${req.url}`);
    const h = req.headers;
    if (h.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      return;
    }
    if (h.accept !== 'application/vnd.github+json') problems.push(`accept ${h.accept}`);
    if (h['x-github-api-version'] !== '2022-11-28') problems.push(`api version ${h['x-github-api-version']}`);
    if (!h['user-agent']) problems.push('no user-agent (GitHub rejects requests without one)');
    const ref = /^\/api\/v3\/repos\/acme\/shop\/git\/ref\/heads\/(.+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && ref) {
      // answer from the real remote: the branch must have been pushed before the API is asked
      let sha: string;
      try {
        sha = git(bare, 'rev-parse', `refs/heads/${decodeURIComponent(ref[1])}`);
      } catch {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ref: `refs/heads/${decodeURIComponent(ref[1])}`, object: { sha, type: 'commit' } }));
      return;
    }
    if (req.method === 'POST' && req.url === '/api/v3/repos/acme/shop/pulls') {
      if (h['content-type'] !== 'application/json') problems.push(`content-type ${h['content-type']}`);
      const p = JSON.parse(body) as Record<string, unknown>;
      for (const k of ['title', 'head', 'base', 'body']) if (typeof p[k] !== 'string' || !p[k]) problems.push(`pulls: ${k} missing`);
      const extra = Object.keys(p).filter((k) => !['title', 'head', 'base', 'body', 'draft', 'maintainer_can_modify', 'head_repo', 'issue'].includes(k));
      if (extra.length) problems.push(`pulls: undocumented fields ${extra}`);
      try {
        git(bare, 'rev-parse', `refs/heads/${p.head as string}`);
        git(bare, 'rev-parse', `refs/heads/${p.base as string}`);
      } catch {
        problems.push(`pulls: head ${p.head} or base ${p.base} not on the remote`);
      }
      pulls.push(p);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ number: 7, html_url: 'https://ghe.example/acme/shop/pull/7', state: 'open' }));
      return;
    }
    problems.push(`unexpected ${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  const pulls: Record<string, unknown>[] = [];
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v3`;
  try {
    const fix = rewriteBaseImage(dockerfile, 'Dockerfile', { tag: '8.5.97-jdk8' });
    writeFileSync(join(work, 'Dockerfile'), fix.text);
    const pr = await openPullRequest({
      repoDir: work,
      paths: ['Dockerfile'],
      branch: 'drydock/base-8.5.97-jdk8',
      title: 'Base image: tomcat 8.5.97-jdk8',
      body: '| before | after |\n|---|---|\n| 5 | 0 |',
      commitMessage: 'Upgrade base image to tomcat:8.5.97-jdk8',
      token: TOKEN,
      apiUrl: api,
      repo: 'acme/shop',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(seen, ['GET /api/v3/repos/acme/shop/git/ref/heads/drydock%2Fbase-8.5.97-jdk8', 'POST /api/v3/repos/acme/shop/pulls']);
    assert.deepEqual(pr, { number: 7, url: 'https://ghe.example/acme/shop/pull/7', branch: 'drydock/base-8.5.97-jdk8', commit: git(bare, 'rev-parse', 'refs/heads/drydock/base-8.5.97-jdk8') });
    assert.equal(pulls[0].head, 'drydock/base-8.5.97-jdk8');
    assert.equal(pulls[0].base, 'main');
    // the remote branch holds exactly the rewritten Dockerfile, on top of main
    assert.equal(git(bare, 'show', 'drydock/base-8.5.97-jdk8:Dockerfile') + '\n', fix.text);
    assert.equal(git(bare, 'rev-parse', 'drydock/base-8.5.97-jdk8~1'), git(bare, 'rev-parse', 'main'));
    assert.equal(readFileSync(join(work, 'Dockerfile'), 'utf8'), '# app\nFROM tomcat:8.5.97-jdk8\nCOPY app.war /usr/local/tomcat/webapps/\n');

    // a refused token is an AUTH error that does not echo the token
    writeFileSync(join(work, 'Dockerfile'), fix.text.replace('8.5.97', '8.5.98'));
    const bad = openPullRequest({ repoDir: work, paths: ['Dockerfile'], branch: 'b2', title: 't', body: 'b', commitMessage: 'm', token: 'wrong-secret', apiUrl: api, repo: 'acme/shop' });
    await assert.rejects(bad, (e: Error & { code?: string }) => e.code === 'AUTH' && !e.message.includes('wrong-secret') && /GitHub API 401.*Bad credentials/.test(e.message));
  } finally {
    server.close();
  }
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
