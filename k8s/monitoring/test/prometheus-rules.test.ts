import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { knownSourcesText, unknownMetrics } from './support/known-metrics.js';
import { allRules, loadPrometheusRule, readText, repoRoot } from './support/monitoring-files.js';
import { describeRun, promtool, runPromtool } from './support/promtool.js';
import { metricNames } from './support/promql.js';

const groups = loadPrometheusRule().spec.groups;
const rules = allRules(groups);
const alerts = rules.filter((r) => r.alert);
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

interface UnitTestFile {
  rule_files: string[];
  tests: {
    name: string;
    alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: unknown[] }[];
  }[];
}
const unitTests = parse(readText('test/rules.test.yaml')) as UnitTestFile;

function runbookAnchors(): Set<string> {
  const slugger = new GithubSlugger();
  const runbook = readFileSync(join(repoRoot, 'docs', 'runbook.md'), 'utf8');
  return new Set([...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugger.slug(m[1]!)));
}

describe('PrometheusRule k8s/monitoring/prometheus-rules.yaml', () => {
  it('gives every alert a severity, a summary, a description and a runbook section that exists', () => {
    const anchors = runbookAnchors();
    const problems = alerts.flatMap((a) => {
      const found: string[] = [];
      if (!['critical', 'warning'].includes(a.labels?.severity ?? '')) {
        found.push(
          `${a.alert}: severity must be critical (pages) or warning (ticket), got ${a.labels?.severity}`,
        );
      }
      for (const key of ['summary', 'description']) {
        if (!a.annotations?.[key]?.trim()) found.push(`${a.alert}: annotation ${key} is missing`);
      }
      const anchor = /^docs\/runbook\.md#([a-z0-9-]+)$/.exec(a.annotations?.runbook_url ?? '')?.[1];
      if (!anchor || !anchors.has(anchor)) {
        found.push(
          `${a.alert}: runbook_url ${a.annotations?.runbook_url} must be docs/runbook.md#<heading>; ` +
            `headings: ${[...anchors].join(', ')}`,
        );
      }
      return found;
    });
    expect(problems).toEqual([]);
    expect(alerts.length).toBeGreaterThan(0);
  });

  it('names every alert once and every recording rule level:metric:operation', () => {
    const names = alerts.map((a) => a.alert);
    expect(
      names.filter((n, i) => names.indexOf(n) !== i),
      'duplicate alert names',
    ).toEqual([]);
    const badRecords = [...recorded].filter((r) => !/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/.test(r));
    expect(badRecords, 'recording rules must be named level:metric:operation').toEqual([]);
  });

  it('reads only metrics the backend or a known exporter exposes', () => {
    const unknown = rules.flatMap((r) =>
      unknownMetrics(metricNames(r.expr), recorded).map((m) => `${r.alert ?? r.record}: ${m}`),
    );
    expect(unknown, `unknown metric names; known: ${knownSourcesText()}`).toEqual([]);
  });

  it('has a promtool unit test in which each alert fires', () => {
    const firing = new Set(
      unitTests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname),
      ),
    );
    const untested = alerts.map((a) => a.alert!).filter((name) => !firing.has(name));
    expect(untested, 'alerts no case in test/rules.test.yaml expects to fire').toEqual([]);
  });
});

describe.skipIf(!!promtool.skipReason)('promtool on the extracted rule groups', () => {
  let dir: string;

  beforeAll(() => {
    // promtool reads plain rule files ({groups: [...]}), not the PrometheusRule wrapper around them.
    dir = mkdtempSync(join(tmpdir(), 'dhakacart-promtool-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    writeFileSync(join(dir, 'rules.test.yaml'), readText('test/rules.test.yaml'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every rule (promtool check rules)', () => {
    const run = runPromtool(['check', 'rules', 'rules.yaml'], dir);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes the unit tests in test/rules.test.yaml (promtool test rules)', () => {
    const run = runPromtool(['test', 'rules', 'rules.test.yaml'], dir);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.output).toMatch(/^\s*SUCCESS\s*$/m);
  });

  it('fails, naming the alert, when a unit test expects the wrong thing', () => {
    // The 0.05 % case with its expectation reversed: if promtool did not compare, every test above
    // would pass vacuously.
    const reversed = structuredClone(unitTests);
    const silentCase = reversed.tests
      .find((t) => t.name.startsWith('fast burn stays silent'))
      ?.alert_rule_test?.find((c) => c.alertname === 'DhakaCartErrorBudgetFastBurn');
    if (!silentCase) throw new Error('rules.test.yaml lost its "fast burn stays silent" case');
    silentCase.exp_alerts = [
      { exp_labels: { severity: 'critical', namespace: 'dhakacart', job: 'backend' } },
    ];
    writeFileSync(join(dir, 'reversed.test.yaml'), stringify(reversed));

    const run = runPromtool(['test', 'rules', 'reversed.test.yaml'], dir);
    expect(run.status, describeRun(run)).toBe(1);
    expect(run.output).toContain('FAILED');
    expect(run.output).toContain('alertname: DhakaCartErrorBudgetFastBurn');
  });
});
