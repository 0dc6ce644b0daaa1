import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../testing/tool.js';
import { renderHtml } from './html.js';
import { sampleReport } from './test/sample-report.js';
import { writeReports } from './write-reports.js';

const chromiumTool = findTool('chromium', 'apt-get install chromium');
if (chromiumTool.skipReason) console.warn(chromiumTool.skipReason);

describe('report.html', () => {
  it('is one self-contained file: scripts and styles inline, nothing fetched, links only to logs/', () => {
    const page = renderHtml(sampleReport());
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http/i);
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.filter((h) => !h!.startsWith('#'))).toEqual([
      'logs/pod-kill/backend-0.log',
      'logs/pod-kill/backend-1.log',
      'logs/pod-kill/backend-2.log',
      'logs/db-failover/backend-0.log',
      'logs/db-failover/postgres-primary.log',
    ]);
  });

  it('escapes report text, so a name or an error can never become markup or end a script', () => {
    const report = sampleReport();
    report.scenarios[0]!.error = '<img src=x onerror=alert(1)>';
    report.scenarios[0]!.marks[0]!.label = '</script><script>alert(1)</script>';
    report.scenarios[0]!.logs = ['javascript:alert(1)'];
    const page = renderHtml(report);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).not.toContain('href="javascript:');
  });
});

describe.skipIf(!!chromiumTool.skipReason)('report.html in headless Chromium', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-report-html-'));
    await writeReports(sampleReport(), dir);
    // Playwright drives Debian's chromium (never a downloaded browser), with a fresh profile per launch.
    browser = await chromium.launch({
      executablePath: chromiumTool.path,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads offline with no console errors and draws both timeline charts of every scenario with their markers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const blocked: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        blocked.push(url);
        return route.abort('blockedbyclient');
      });
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));

      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      await page.waitForFunction("document.body.dataset.charts !== 'pending'", undefined, {
        timeout: 15_000,
      });

      expect(await page.getAttribute('body', 'data-charts')).toBe('drawn');
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);
      // Per chart: its canvas, the pixels in the colour of its main series (drawn data, not just axes),
      // and the markers the plugin drew (faults: injected/detected/recovered/reverted, and marks).
      const charts =
        await page.evaluate(`[...document.querySelectorAll('section.scenario')].map((section) => ({
        scenario: section.dataset.scenario,
        charts: [...section.querySelectorAll('figure.chart')].map((figure) => {
          const canvas = figure.querySelector('canvas');
          const [r, g, b] = figure.dataset.chart === 'throughput' ? [21, 101, 192] : [106, 27, 154];
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          let seriesPixels = 0;
          for (let i = 0; i < data.length; i += 4)
            if (data[i + 3] > 200 && Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24)
              seriesPixels += 1;
          return { kind: figure.dataset.chart, seriesPixels, markers: Number(figure.dataset.markersDrawn) };
        }),
      }))`);
      expect(charts).toEqual([
        {
          scenario: 'pod-kill',
          charts: [
            { kind: 'throughput', seriesPixels: expect.toSatisfy((n: number) => n > 500), markers: 4 },
            { kind: 'latency', seriesPixels: expect.toSatisfy((n: number) => n > 500), markers: 4 },
          ],
        },
        {
          scenario: 'db-failover',
          charts: [
            { kind: 'throughput', seriesPixels: expect.toSatisfy((n: number) => n > 500), markers: 6 },
            { kind: 'latency', seriesPixels: expect.toSatisfy((n: number) => n > 500), markers: 6 },
          ],
        },
      ]);
    } finally {
      await context.close();
    }
  });

  it('shows the SLO tables with ✓ and ✗, the recovery figures and the data checks', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      const dbFailover = page.locator('section[data-scenario="db-failover"]');
      expect(await dbFailover.locator('table.slos tbody tr').allInnerTexts()).toEqual([
        '✗\tavailability\t≥ 99.00 %\t90.37 %\tAt least 99% of scheduled requests succeed (dropped and failed requests count against it)',
        '✗\tp99Ms\t≤ 2.00 s\t4.98 s\t99% of requests answer within 2000 ms, timed from when each was due',
        '✗\ttimeToRecoverMs\t≤ 10.00 s\t11.50 s\tEvery fault recovers within 10000 ms: the SLO holds again for 5000 ms in a row; slowest: db-failover primary',
        '✓\tlostOrders\t≤ 0 orders\t0 orders\tNo acknowledged order is lost (RPO 0 orders)',
      ]);
      expect(await dbFailover.locator('table.faults tbody tr').innerText()).toMatch(
        /^db-failover\tpostgres-primary\npromoted: postgres-standby, mode: kill primary, promote standby\tt\+15\.0 s\t50 ms\t1\.20 s\treadiness flipped \(database_unreachable\)\t11\.50 s\tt\+24\.8 s\t231\t/,
      );
      expect(await dbFailover.locator('table.checks tr[data-pass="false"] code').allInnerTexts()).toEqual([
        'standby-caught-up',
      ]);
      expect(await page.locator('footer').innerText()).toContain(
        'database\tPostgreSQL 18.0 primary + streaming standby',
      );
    } finally {
      await page.close();
    }
  });
});
