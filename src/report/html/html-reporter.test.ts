// Renders the HTML report in Debian's headless Chromium: it draws, the filters work, nothing is fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { renderHtml } from './html-reporter.js';
import { sampleReport } from '../../../test/helpers/report-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

test('HTML is self-contained: no external scripts, styles, images or fonts', () => {
  const html = renderHtml(sampleReport());
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=["']?https?:/i);
  assert.doesNotMatch(html, /url\(\s*['"]?https?:/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(renderHtml({ ...sampleReport(), artifact: { name: '<script>alert(1)</script>', kind: 'image' } }), /<script>alert/);
});

test('HTML report in headless Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install -y chromium)`, timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(renderHtml(sampleReport()), { waitUntil: 'load' });
    const visible = () => page.locator('#findings tbody tr[data-severity]:visible').count();
    assert.equal(await visible(), 6);
    assert.equal(await page.locator('#shown').textContent(), '6 of 6 shown');
    assert.equal(await page.locator('svg[aria-label="Findings by severity"] circle').count(), 5);

    await page.click('.filters button[data-severity="MEDIUM"]');
    assert.equal(await visible(), 4, 'MEDIUM rows hidden');
    await page.click('.filters button[data-severity="MEDIUM"]');
    await page.check('#fixable');
    assert.equal(await visible(), 4, 'only rows with a fixed version');
    await page.uncheck('#fixable');
    await page.fill('#search', 'catalina');
    assert.equal(await visible(), 1);
    assert.equal(await page.locator('#findings tbody tr:visible td:nth-child(2) a').first().textContent(), 'CVE-2017-12617');
    await page.fill('#search', 'GHSA-xjgh');
    assert.equal(await visible(), 1, 'search matches aliases');
    await page.fill('#search', 'no-such-thing');
    assert.equal(await visible(), 0);
    assert.equal(await page.locator('#no-match').isVisible(), true);
    await page.fill('#search', '');
    assert.ok(await page.locator('text=Base-image advice').isVisible());
    assert.ok(await page.locator('text=Dockerfile:12').isVisible());

    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/report-html.png', fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'no network requests');
  } finally {
    await browser.close();
  }
});
