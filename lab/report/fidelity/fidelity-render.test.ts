import { describe, expect, it } from 'vitest';
import type { Report } from '../report-model.js';
import { sampleReport } from '../test/sample-report.js';
import { compareReports } from './compare-reports.js';
import { renderFidelityHtml } from './fidelity-html.js';
import { renderFidelityMarkdown } from './fidelity-markdown.js';
import { renderFidelityText } from './fidelity-text.js';

/** local vs k3s: p99 of pod-kill apart (69 %), db-failover never recovered on k3s, one scenario local only. */
function comparison() {
  const local = sampleReport();
  local.scenarios.push({ ...local.scenarios[0]!, name: 'network-latency' });
  const k3s: Report = sampleReport();
  k3s.profile = 'k3s';
  k3s.runId = '20260301-103000-b7c1';
  k3s.implementations.pods = 'Kubernetes v1.34.2 <built from source> | node';
  k3s.scenarios[0]!.results.p99Ms = 310;
  k3s.scenarios[1]!.faults[0]!.timeToRecoverMs = undefined;
  return compareReports([local, k3s], { sources: ['local/report.json', 'k3s/report.json'] });
}

/** The cells of the html row of one figure, as text. */
function htmlCells(page: string, scenario: string, metric: string, subject = 'results'): string[] {
  const section = page.split(`data-scenario="${scenario}"`)[1]!.split('</section>')[0]!;
  const rowHtml = new RegExp(
    `<tr data-status="[^"]+" data-metric="${metric}" data-subject="${subject}">([\\s\\S]*?)</tr>`,
  ).exec(section)?.[1];
  if (!rowHtml) throw new Error(`no row ${metric} in ${scenario}`);
  return [...rowHtml.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('fidelity.md', () => {
  const markdown = renderFidelityMarkdown(comparison());

  it('opens with the summary: what differs, which profile is higher, what was not compared', () => {
    expect(markdown).toMatch(/^# DhakaCart Lab fidelity: `local` vs `k3s`\n/);
    const summary = markdown.split('## Summary')[1]!.split('\n## ')[0]!;
    expect(summary).toContain(
      '- ✗ 1 of 17 figures differ by more than 20 %; 1 measured on some profiles only:',
    );
    expect(summary).toContain('  - pod-kill · p99: local 96 ms, k3s 310 ms — differs by 69 %, k3s higher');
    expect(summary).toContain(
      '  - db-failover · fault db-failover: time to recover: local 11.50 s — not recovered on k3s',
    );
    expect(summary).toContain('- not compared: network-latency: only in local (not run on k3s)');
  });

  it('has a table per scenario with a column per profile, and the row that differs says by how much', () => {
    expect(markdown).toContain('|  | Figure | local | k3s | Difference |');
    expect(markdown).toContain('| ✗ | p99 | 96 ms | 310 ms | **differs by 69 %** (k3s higher) |');
    expect(markdown).toContain('| ✓ | failed GETs | 0 | 0 | within 20 % |');
    expect(markdown).toContain(
      '| ? | fault db-failover: time to recover | 11.50 s | not recovered | not recovered on k3s |',
    );
  });

  it("lists each profile's implementations, escaped for a table", () => {
    expect(markdown).toContain(
      '| pods | node processes (3 backend, 2 frontend), one per pod | Kubernetes v1.34.2 &lt;built from source&gt; \\| node |',
    );
  });
});

describe('fidelity.html', () => {
  const page = renderFidelityHtml(comparison());

  it('is self-contained like report.html: inline styles, nothing fetched, links only to the runs', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link[^>]+href=|@import|url\(http/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).toContain('.verdict-pass'); // report.css, inlined
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['local/report.html', 'k3s/report.html']);
  });

  it('shows the same figures and notes as fidelity.md, row by row', () => {
    const markdown = renderFidelityMarkdown(comparison());
    const c = comparison();
    for (const scenario of c.scenarios)
      for (const row of scenario.rows) {
        const cells = htmlCells(page, scenario.name, row.metric, row.subject);
        const mdRow = markdown
          .split(`## ${scenario.name}\n`)[1]!
          .split('\n')
          .find((line) => line.startsWith(`| `) && line.split(' | ')[1] === cells[1]);
        expect(mdRow, `${scenario.name} ${row.metric}`).toBeDefined();
        const mdCells = mdRow!
          .slice(2, -2)
          .split(' | ')
          .map((cell) => cell.replaceAll('**', ''));
        expect(cells).toEqual(mdCells);
      }
  });

  it('marks the row that differs and the one measured on one profile only', () => {
    expect(htmlCells(page, 'pod-kill', 'p99Ms')).toEqual([
      '✗',
      'p99',
      '96 ms',
      '310 ms',
      'differs by 69 % (k3s higher)',
    ]);
    expect(page).toMatch(/<tr data-status="differs" data-metric="p99Ms" data-subject="results">/);
    expect(page).toMatch(
      /<tr data-status="one-sided" data-metric="timeToRecoverMs" data-subject="db-failover">/,
    );
    expect(page).toContain('Kubernetes v1.34.2 &lt;built from source&gt; | node');
    expect(page).not.toContain('<built from source>');
  });
});

describe('the terminal table', () => {
  it('aligns each scenario’s figures under its profiles and ends with the verdict line', () => {
    const text = renderFidelityText(comparison());
    const lines = text.trimEnd().split('\n');
    const header = lines.find((l) => l.startsWith('pod-kill '))!;
    const p99 = lines.find((l) => l.includes('✗ p99'))!;
    expect(p99).toMatch(/96 ms +310 ms {2}differs by 69 % \(k3s higher\)$/);
    // Right-aligned: each profile's figure ends where its heading ends.
    expect(p99.indexOf('310 ms') + '310 ms'.length).toBe(header.indexOf('k3s') + 'k3s'.length);
    expect(text).toContain('network-latency: not compared: only in local (not run on k3s)');
    expect(lines.at(-1)).toBe(
      'fidelity (local vs k3s): ✗ 1 of 17 figures differ by more than 20 %; 1 measured on some profiles only',
    );
  });
});
