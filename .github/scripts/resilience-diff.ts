/**
 * Compares two lab report.json files (main's latest run and a pull request's run) scenario by
 * scenario on the two figures that say how resilient the shop is: availability and time to recover.
 * It informs the reviewer; the scenarios' own SLOs decide whether the PR passes.
 *
 * Hand-written because the lab has no `compare` verb yet; when it has one, chaos.yml should call it.
 */

/** What one scenario of a report.json contributes to the comparison. */
export interface ScenarioResilience {
  name: string;
  verdict: string | undefined;
  /** Successful requests over scheduled requests, 0..1. */
  availability: number | undefined;
  /** Milliseconds from injection until the SLO held again; null when the run never recovered. */
  timeToRecoverMs: number | null | undefined;
}

/** A drop of availability this large (0.1 percentage point) is flagged. */
export const AVAILABILITY_DROP_FLAG = 0.001;
/** Recovery this much slower (both conditions) is flagged: 20 % and at least one second. */
export const RECOVERY_SLOWDOWN_FLAG = { ratio: 1.2, minMs: 1000 };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Reads the scenarios out of a parsed report.json; `source` names the file in error messages. */
export function readResilience(report: unknown, source: string): ScenarioResilience[] {
  if (!isRecord(report) || !Array.isArray(report.scenarios)) {
    throw new Error(
      `${source}: expected a lab report.json with a "scenarios" array (DESIGN.md, report folder)`,
    );
  }
  return report.scenarios.map((scenario: unknown, index) => {
    if (!isRecord(scenario) || typeof scenario.name !== 'string') {
      throw new Error(`${source}: scenarios[${index}] has no "name" string`);
    }
    const results = isRecord(scenario.results) ? scenario.results : {};
    return {
      name: scenario.name,
      verdict: typeof scenario.verdict === 'string' ? scenario.verdict : undefined,
      availability: optionalNumber(results.availability),
      timeToRecoverMs: results.timeToRecoverMs === null ? null : optionalNumber(results.timeToRecoverMs),
    };
  });
}

const percent = (value: number | undefined): string =>
  value === undefined ? '—' : `${(value * 100).toFixed(2)} %`;

const seconds = (ms: number | null | undefined): string => {
  if (ms === undefined) return '—';
  if (ms === null) return 'never';
  return `${(ms / 1000).toFixed(1)} s`;
};

const signed = (value: number, digits: number, unit: string): string =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(digits)} ${unit}`;

/** Why a row deserves the reviewer's attention; empty when it does not. */
export function regressions(base: ScenarioResilience, head: ScenarioResilience): string[] {
  const found: string[] = [];
  if (base.verdict === 'pass' && head.verdict === 'fail') found.push('now fails its SLOs');
  if (
    base.availability !== undefined &&
    head.availability !== undefined &&
    base.availability - head.availability >= AVAILABILITY_DROP_FLAG
  ) {
    found.push('less available');
  }
  const baseTtr = base.timeToRecoverMs;
  const headTtr = head.timeToRecoverMs;
  if (typeof baseTtr === 'number' && headTtr === null) found.push('no longer recovers');
  if (
    typeof baseTtr === 'number' &&
    typeof headTtr === 'number' &&
    headTtr >= baseTtr * RECOVERY_SLOWDOWN_FLAG.ratio &&
    headTtr - baseTtr >= RECOVERY_SLOWDOWN_FLAG.minMs
  ) {
    found.push('slower to recover');
  }
  return found;
}

function row(
  name: string,
  base: ScenarioResilience | undefined,
  head: ScenarioResilience | undefined,
): string {
  const verdict = `${base?.verdict ?? '—'} → ${head?.verdict ?? '—'}`;
  let availability = `${percent(base?.availability)} → ${percent(head?.availability)}`;
  if (base?.availability !== undefined && head?.availability !== undefined) {
    availability += ` (${signed((head.availability - base.availability) * 100, 2, 'pp')})`;
  }
  let recovery = `${seconds(base?.timeToRecoverMs)} → ${seconds(head?.timeToRecoverMs)}`;
  if (typeof base?.timeToRecoverMs === 'number' && typeof head?.timeToRecoverMs === 'number') {
    recovery += ` (${signed((head.timeToRecoverMs - base.timeToRecoverMs) / 1000, 1, 's')})`;
  }
  let note = '';
  if (!base) note = 'new scenario';
  else if (!head) note = 'not run by this PR';
  else
    note = regressions(base, head)
      .map((reason) => `⚠️ ${reason}`)
      .join(', ');
  return `| ${name} | ${verdict} | ${availability} | ${recovery} | ${note} |`;
}

/** The Markdown section chaos.yml appends to the job summary. */
export function resilienceDiffMarkdown(
  base: ScenarioResilience[],
  head: ScenarioResilience[],
  title: string,
): string {
  const baseByName = new Map(base.map((s) => [s.name, s]));
  const headNames = new Set(head.map((s) => s.name));
  const lines = [
    `### ${title}`,
    '',
    '| scenario | verdict (main → PR) | availability (main → PR) | time to recover (main → PR) | |',
    '|---|---|---|---|---|',
    ...head.map((s) => row(s.name, baseByName.get(s.name), s)),
    ...base.filter((s) => !headNames.has(s.name)).map((s) => row(s.name, s, undefined)),
  ];
  const flagged = head.filter((s) => {
    const b = baseByName.get(s.name);
    return b !== undefined && regressions(b, s).length > 0;
  }).length;
  lines.push(
    '',
    flagged === 0
      ? 'No scenario is less resilient than on main.'
      : `${flagged} scenario(s) less resilient than on main (flagged: availability −${AVAILABILITY_DROP_FLAG * 100} pp or more, ` +
          `recovery ${Math.round((RECOVERY_SLOWDOWN_FLAG.ratio - 1) * 100)} % and ${RECOVERY_SLOWDOWN_FLAG.minMs / 1000} s slower or more).`,
  );
  return `${lines.join('\n')}\n`;
}
