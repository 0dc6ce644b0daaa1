import { describeCheckFigures, describeSloOutcome, formatSloTarget } from './format.js';
import type { Report, ScenarioReport } from './report-model.js';
import type { ReportWriter } from './report-writer.js';

/**
 * junit.xml for CI test views: one <testsuite> per scenario; one <testcase> per SLO, per data check and
 * per steady-state check. A failed SLO's <failure> message gives actual vs target.
 *
 * Verdicts that are not pass/fail:
 * - inconclusive (the starting steady state did not hold) and interrupted: every test case is
 *   <skipped> with the reason. Nothing was proven either way, and CI must not show it as a pass or a
 *   regression; the lab's exit code (3 / 130) still fails the job.
 * - error (the scenario could not run): one extra test case "scenario runs to completion" with <error>.
 * - fail with no failing SLO or check (a cause the report does not itemise): that same extra test case
 *   carries a <failure> with the reason, so a failed scenario never shows green.
 */
export function renderJunit(report: Report): string {
  const suites = report.scenarios.map(scenarioSuite);
  const total = (key: keyof SuiteCounts) => suites.reduce((sum, s) => sum + s.counts[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({
      name: `DhakaCart Lab run ${report.runId}`,
      tests: total('tests'),
      failures: total('failures'),
      errors: total('errors'),
      skipped: total('skipped'),
      time: seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt)),
      timestamp: report.startedAt,
    })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitWriter: ReportWriter = { name: 'junit', file: 'junit.xml', render: renderJunit };

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface TestCase {
  name: string;
  classname: string;
  outcome?: { element: 'failure' | 'error' | 'skipped'; message: string; body?: string };
}

function scenarioSuite(s: ScenarioReport): { xml: string; counts: SuiteCounts } {
  const cases = testCases(s);
  const count = (element: string) => cases.filter((c) => c.outcome?.element === element).length;
  const counts = {
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
  };
  const properties = {
    verdict: s.verdict,
    reason: s.reason,
    hypothesis: s.hypothesis,
    generator: s.load.generator,
    rps: s.load.rps,
    ...(s.file && { file: s.file }),
  };
  const xml = [
    `  <testsuite${attrs({ name: s.name, ...counts, time: seconds(s.durationMs), timestamp: s.startedAt })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...cases.map(testCaseXml),
    `    <system-out>${text(`${s.verdict}: ${s.reason}${s.error ? `\n${s.error}` : ''}`)}</system-out>`,
    '  </testsuite>',
  ].join('\n');
  return { xml, counts };
}

function testCases(s: ScenarioReport): TestCase[] {
  const cases: TestCase[] = [
    ...s.slos.map<TestCase>((slo) => ({
      classname: `${s.name}.slo`,
      name: `${slo.name} ${formatSloTarget(slo)}`,
      ...(!slo.pass && {
        outcome: { element: 'failure', message: describeSloOutcome(slo), body: slo.description },
      }),
    })),
    ...s.checks.map<TestCase>((check) => ({
      classname: `${s.name}.check`,
      name: check.name,
      ...(!check.pass && {
        outcome: {
          element: 'failure',
          message: check.detail,
          body: [check.description, check.detail, describeCheckFigures(check)].filter(Boolean).join('\n'),
        },
      }),
    })),
    ...s.steadyState.map<TestCase>((st) => ({
      classname: `${s.name}.steady-state`,
      name: `steady state holds ${st.when} the method`,
      ...(!st.holds && {
        outcome: {
          element: 'failure',
          message: st.probes
            .filter((p) => !p.pass)
            .map((p) => `${p.name} ${p.actual} (tolerance ${p.tolerance})`)
            .join('; '),
        },
      }),
    })),
  ];
  if (s.verdict === 'inconclusive' || s.verdict === 'interrupted') {
    const message = `${s.verdict}: ${s.reason}`;
    const skipped = cases.map<TestCase>((c) => ({ ...c, outcome: { element: 'skipped', message } }));
    return skipped.length > 0 ? skipped : [runsToCompletion(s, { element: 'skipped', message })];
  }
  if (s.verdict === 'error')
    return [
      ...cases,
      runsToCompletion(s, { element: 'error', message: s.reason, body: s.error ?? s.reason }),
    ];
  if (s.verdict === 'fail' && !cases.some((c) => c.outcome))
    return [...cases, runsToCompletion(s, { element: 'failure', message: s.reason })];
  return cases;
}

function runsToCompletion(s: ScenarioReport, outcome: NonNullable<TestCase['outcome']>): TestCase {
  return { classname: `${s.name}.scenario`, name: 'scenario runs to completion', outcome };
}

function testCaseXml(c: TestCase): string {
  const open = `    <testcase${attrs({ name: c.name, classname: c.classname, time: '0' })}`;
  if (!c.outcome) return `${open}/>`;
  const { element, message, body } = c.outcome;
  const attributes: Record<string, string> = { message };
  if (element !== 'skipped') attributes.type = c.classname.slice(c.classname.lastIndexOf('.') + 1);
  const inner = body
    ? `<${element}${attrs(attributes)}>${text(body)}</${element}>`
    : `<${element}${attrs(attributes)}/>`;
  return `${open}>\n      ${inner}\n    </testcase>`;
}

const seconds = (ms: number): string => (Number.isFinite(ms) ? (Math.max(0, ms) / 1000).toFixed(3) : '0');

/*
 * Hand-written escaping rather than an XML builder: the document is four element types, and what a
 * builder would add (escaping & < > ") is the few lines below, while what none does by default is
 * dropping the characters XML 1.0 forbids outright (control characters from a pod log or an error
 * message), which would make the whole file unparseable for CI.
 */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value
    .replace(notXmlChar, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => {
      // Attribute values are normalised by parsers (newlines become spaces) unless written as references.
      const escaped = text(String(value))
        .replaceAll('"', '&quot;')
        .replaceAll('\n', '&#10;')
        .replaceAll('\r', '&#13;')
        .replaceAll('\t', '&#9;');
      return ` ${key}="${escaped}"`;
    })
    .join('');
}
