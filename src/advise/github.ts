// `drydock fix --pr`: branch + commit + push with git, then open the pull request through GitHub's REST API
// (https://docs.github.com/rest/pulls/pulls#create-a-pull-request). The token goes in one header only and
// never into messages.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DrydockError, errorMessage } from '../errors.js';

const run = promisify(execFile);

export interface PullRequestOptions {
  /** working tree holding the changed file */
  repoDir: string;
  /** paths (relative to repoDir) to commit */
  paths: string[];
  branch: string;
  title: string;
  body: string;
  commitMessage: string;
  token: string;
  /** https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise */
  apiUrl?: string;
  /** owner/name; else read from the remote's URL */
  repo?: string;
  remote?: string;
  /** branch the PR targets; default the branch checked out before */
  baseBranch?: string;
}

export interface PullRequestResult {
  number: number;
  url: string;
  branch: string;
  commit: string;
}

async function git(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', dir, ...args], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 << 20 });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string };
    throw new DrydockError('INVALID_INPUT', `git ${args[0]} failed: ${(err.stderr ?? errorMessage(e)).trim().split('\n').slice(-3).join(' ')}`, { cause: e });
  }
}

/** owner/name from git@github.com:o/r.git, https://github.com/o/r(.git), ssh://git@host[:port]/o/r.git. */
export function repoFromRemoteUrl(url: string): string | undefined {
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+(?::\d+)?[:/](.+?)(?:\.git)?\/?$/i.exec(url.trim());
  const path = m?.[1].replace(/^\/+/, '');
  const parts = path?.split('/') ?? [];
  return parts.length >= 2 && parts.every(Boolean) ? parts.slice(-2).join('/') : undefined;
}

export async function openPullRequest(o: PullRequestOptions): Promise<PullRequestResult> {
  const api = (o.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const remote = o.remote ?? 'origin';
  const repo = o.repo ?? repoFromRemoteUrl(await git(o.repoDir, ['remote', 'get-url', remote]));
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    throw new DrydockError('USAGE', `cannot tell the GitHub repository from remote "${remote}"`, { hint: 'pass --repo OWNER/NAME' });
  }
  const base = o.baseBranch ?? (await git(o.repoDir, ['rev-parse', '--abbrev-ref', 'HEAD']));
  await git(o.repoDir, ['checkout', '-b', o.branch]);
  await git(o.repoDir, ['add', '--', ...o.paths]);
  // an identity for machines that never configured one (CI); the user's own config wins
  const ident = (await git(o.repoDir, ['config', 'user.email']).catch(() => '')) ? [] : ['-c', 'user.name=drydock', '-c', 'user.email=drydock@users.noreply.github.com'];
  await git(o.repoDir, [...ident, 'commit', '-q', '-m', o.commitMessage, '--', ...o.paths]);
  const commit = await git(o.repoDir, ['rev-parse', 'HEAD']);
  await git(o.repoDir, ['push', '-q', remote, `refs/heads/${o.branch}:refs/heads/${o.branch}`]);

  const headers = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${o.token}`,
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'drydock',
  };
  // https://docs.github.com/rest/git/refs#get-a-reference: GitHub must see the pushed branch before a PR can use it
  const refUrl = `${api}/repos/${repo}/git/ref/heads/${encodeURIComponent(o.branch)}`;
  let seen: string | undefined;
  for (let attempt = 0; attempt < 5 && seen !== commit; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 500 * attempt));
    const res = await call(refUrl, { headers });
    if (res.status === 200) seen = ((await res.json()) as { object?: { sha?: string } }).object?.sha;
    else if (res.status !== 404) throw await apiError(res, 'reading the pushed branch');
    else await res.body?.cancel();
  }
  if (seen !== commit) throw new DrydockError('NETWORK', `GitHub does not show branch ${o.branch} at ${commit.slice(0, 12)} after the push`);

  const res = await call(`${api}/repos/${repo}/pulls`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: o.title, head: o.branch, base, body: o.body }),
  });
  if (res.status !== 201) throw await apiError(res, 'creating the pull request');
  const pr = (await res.json()) as { number?: number; html_url?: string };
  if (typeof pr.number !== 'number' || typeof pr.html_url !== 'string') throw new DrydockError('INVALID_INPUT', 'GitHub answered the pull request creation without a number or URL');
  return { number: pr.number, url: pr.html_url, branch: o.branch, commit };
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new DrydockError('NETWORK', `cannot reach ${new URL(url).origin}: ${errorMessage(e)}`, { cause: e });
  }
}

async function apiError(res: Response, what: string): Promise<DrydockError> {
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? message;
  } catch {
    // not JSON: keep the text
  }
  const code = res.status === 401 || res.status === 403 ? 'AUTH' : res.status === 404 ? 'NOT_FOUND' : 'NETWORK';
  return new DrydockError(code, `GitHub API ${res.status} ${what}: ${message}`, {
    hint: code === 'AUTH' ? 'GITHUB_TOKEN needs contents:write and pull-requests:write on the repository' : undefined,
  });
}

/** Markdown before/after table for the PR body. */
export function scanTable(rows: { label: string; image: string; counts: { critical: number; high: number; medium: number; low: number; total: number }; size?: number }[]): string {
  const head = '| | image | critical | high | medium | low | total | size |\n|---|---|---:|---:|---:|---:|---:|---:|';
  const mib = (n?: number) => (n === undefined ? '' : `${(n / (1 << 20)).toFixed(1)} MiB`);
  return [head, ...rows.map((r) => `| ${r.label} | \`${r.image}\` | ${r.counts.critical} | ${r.counts.high} | ${r.counts.medium} | ${r.counts.low} | ${r.counts.total} | ${mib(r.size)} |`)].join('\n');
}
