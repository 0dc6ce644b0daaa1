import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import type { Report } from './report-model.js';
import { sampleReport } from './test/sample-report.js';

interface Outcome {
  '@_message': string;
  '@_type'?: string;
  '#text'?: string;
}
interface TestCase {
  '@_name': string;
  '@_classname': string;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: TestCase[];
  properties: { property: { '@_name': string; '@_value': string }[] };
}

/** Parses junit.xml with a real XML parser, after checking it is well-formed. */
function parse(report: Report): { root: Record<string, string>; suites: Suite[] } {
  const xml = renderJunit(report);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  }).parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } };
  return { root: doc.testsuites, suites: doc.testsuites.testsuite };
}

describe('junit.xml', () => {
  it('has one testsuite per scenario and one testcase per SLO, data check and steady-state check', () => {
    const { root, suites } = parse(sampleReport());
    expect(suites.map((s) => s['@_name'])).toEqual(['pod-kill', 'db-failover']);
    // pod-kill: 4 SLOs + 4 checks + 2 steady state, all pass; db-failover: 4 SLOs (3 missed) + 3 checks
    // (1 failed) + 2 steady state.
    expect(suites.map((s) => [s['@_tests'], s['@_failures'], s['@_errors'], s['@_skipped']])).toEqual([
      ['10', '0', '0', '0'],
      ['9', '4', '0', '0'],
    ]);
    expect(suites.map((s) => s.testcase.length)).toEqual([10, 9]);
    expect([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped']]).toEqual([
      '19',
      '4',
      '0',
      '0',
    ]);
  });

  it('gives actual vs target in the failure of a missed SLO, and what was found for a failed check', () => {
    const [, dbFailover] = parse(sampleReport()).suites;
    const byName = new Map(dbFailover!.testcase.map((t) => [t['@_name'], t]));
    expect(byName.get('availability ≥ 99.00 %')?.failure?.['@_message']).toBe(
      'availability 90.37 % (target ≥ 99.00 %)',
    );
    expect(byName.get('timeToRecoverMs ≤ 10.00 s')?.failure?.['@_message']).toBe(
      'timeToRecoverMs 11.50 s (target ≤ 10.00 s)',
    );
    expect(byName.get('lostOrders ≤ 0 orders')?.failure).toBeUndefined();
    const standby = byName.get('standby-caught-up');
    expect(standby?.['@_classname']).toBe('db-failover.check');
    expect(standby?.failure?.['@_message']).toMatch(/^the promoted primary has no standby attached/);
    expect(standby?.failure?.['#text']).toContain('standbys=0');
  });

  it('shows an inconclusive scenario as skipped, every test case carrying the reason', () => {
    const report = sampleReport();
    const scenario = report.scenarios[0]!;
    scenario.verdict = 'inconclusive';
    scenario.reason = 'the starting steady state did not hold: availability 97.10 % (tolerance ≥ 99 %)';
    const [podKill] = parse(report).suites;
    expect([podKill!['@_tests'], podKill!['@_failures'], podKill!['@_skipped']]).toEqual(['10', '0', '10']);
    for (const testCase of podKill!.testcase)
      expect(testCase.skipped?.['@_message']).toBe(`inconclusive: ${scenario.reason}`);
  });

  it('shows a scenario that could not run as an error, with the message', () => {
    const report = sampleReport();
    Object.assign(report.scenarios[1]!, {
      verdict: 'error',
      reason: 'the scenario threw before its SLOs could be judged',
      error: 'TypeError: lab.database is undefined',
      slos: [],
      checks: [],
      steadyState: [],
    });
    const [, dbFailover] = parse(report).suites;
    expect([dbFailover!['@_tests'], dbFailover!['@_errors']]).toEqual(['1', '1']);
    expect(dbFailover!.testcase[0]).toMatchObject({
      '@_name': 'scenario runs to completion',
      error: {
        '@_message': 'the scenario threw before its SLOs could be judged',
        '#text': 'TypeError: lab.database is undefined',
      },
    });
  });

  it('never shows a failed scenario green, even when no SLO or check itemises why', () => {
    const report = sampleReport();
    Object.assign(report.scenarios[0]!, { verdict: 'fail', reason: 'the rollback failed' });
    const [podKill] = parse(report).suites;
    expect(podKill!['@_failures']).toBe('1');
    expect(podKill!.testcase.at(-1)?.failure?.['@_message']).toBe('the rollback failed');
  });

  it('stays well-formed whatever the text: markup characters, quotes, newlines and control characters', () => {
    const report = sampleReport();
    const nasty = 'a < b && "c" > \'d\' ]]> \u0000\u001b[31m red\ttab\nline2';
    report.scenarios[1]!.checks[2]!.detail = nasty;
    report.scenarios[1]!.name = 'db-failover <&>';
    const [, suite] = parse(report).suites;
    expect(suite!['@_name']).toBe('db-failover <&>');
    const failure = suite!.testcase.find((t) => t['@_name'] === 'standby-caught-up')!.failure!;
    expect(failure['@_message']).toBe('a < b && "c" > \'d\' ]]> \uFFFD\uFFFD[31m red\ttab\nline2');
  });
});
