import {
  describeCheckFigures,
  failuresByKind,
  formatCount,
  formatMs,
  formatOffset,
  formatPercent,
  formatSloActual,
  formatSloTarget,
  orDash,
  passMark,
  verdictMarks,
} from './format.js';
import type { FaultReport, Report, ScenarioReport } from './report-model.js';
import type { ReportWriter } from './report-writer.js';

/**
 * report.md, GitHub-flavoured and compact: it is also the CI job summary (GITHUB_STEP_SUMMARY), so the
 * verdicts and the failing SLO come first; environment and implementations fold away in <details>.
 */
export function renderMarkdown(report: Report): string {
  const lines = [...runHeader(report)];
  for (const scenario of report.scenarios) lines.push('', ...scenarioSection(scenario));
  lines.push('', ...environmentSection(report));
  return `${lines.join('\n')}\n`;
}

export const markdownWriter: ReportWriter = { name: 'markdown', file: 'report.md', render: renderMarkdown };

function runHeader(report: Report): string[] {
  const counts = new Map<string, number>();
  for (const s of report.scenarios) counts.set(s.verdict, (counts.get(s.verdict) ?? 0) + 1);
  const tally = [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(', ');
  const duration = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  const lines = [
    `# ${verdictMarks[report.verdict]} DhakaCart Lab run \`${report.runId}\`: ${report.verdict}`,
    '',
    `${report.scenarios.length} scenarios (${tally || 'none'}) · profile \`${report.profile}\` · ` +
      `seed \`${report.seed}\` (repeat with \`--seed ${report.seed}\`) · started ${report.startedAt} · ` +
      `took ${Number.isFinite(duration) ? formatMs(duration) : '—'}`,
  ];
  if (report.interrupted)
    lines.push('', '> **Interrupted:** the run was stopped before it finished; its figures are partial.');
  lines.push(
    '',
    '| | Scenario | Verdict | Requests | Failed | Availability | p99 | Recovery | Why |',
    '|:-:|---|---|--:|--:|--:|--:|--:|---|',
    ...report.scenarios.map((s) =>
      row([
        verdictMarks[s.verdict],
        `[${s.name}](#${anchor(s)})`,
        s.verdict,
        formatCount(s.results.requests),
        formatCount(s.results.failed),
        orDash(s.results.availability, formatPercent),
        orDash(s.results.p99Ms, formatMs),
        orDash(s.results.timeToRecoverMs, formatMs),
        s.reason,
      ]),
    ),
  );
  return lines;
}

function scenarioSection(s: ScenarioReport): string[] {
  const lines = [
    `## ${verdictMarks[s.verdict]} ${escapeText(s.name)}: ${s.verdict}`,
    '',
    escapeText(s.description),
    '',
    `**Hypothesis:** ${escapeText(s.hypothesis)}`,
    '',
    `**Why ${s.verdict}:** ${escapeText(s.reason)}`,
  ];
  if (s.error) lines.push('', `**Error:** ${escapeText(s.error)}`);
  lines.push('', ...resultsLine(s));
  if (s.slos.length > 0)
    lines.push(
      '',
      '| | SLO | Target | Actual | Meaning |',
      '|:-:|---|--:|--:|---|',
      ...s.slos.map((slo) =>
        row([
          passMark(slo.pass),
          `\`${slo.name}\``,
          formatSloTarget(slo),
          formatSloActual(slo),
          slo.description,
        ]),
      ),
    );
  if (s.faults.length > 0)
    lines.push(
      '',
      '| Fault | Target | Injected | Impact after | Detected after | Recovered after | Failed requests | Budget spent |',
      '|---|---|--:|--:|--:|--:|--:|--:|',
      ...s.faults.map(faultRow),
    );
  if (s.steadyState.length > 0)
    lines.push(
      '',
      ...s.steadyState.map(
        (st) =>
          `- ${passMark(st.holds)} steady state ${st.when}: ` +
          escapeText(st.probes.map((p) => `${p.name} ${p.tolerance} → ${p.actual}`).join('; ')),
      ),
    );
  if (s.checks.length > 0)
    lines.push(
      '',
      '| | Data check | Detail |',
      '|:-:|---|---|',
      ...s.checks.map((c) => {
        const figures = describeCheckFigures(c);
        return row([passMark(c.pass), `\`${c.name}\``, figures ? `${c.detail} (${figures})` : c.detail]);
      }),
    );
  return lines;
}

function resultsLine(s: ScenarioReport): string[] {
  const r = s.results;
  const parts = [
    `${formatCount(r.requests)} requests at ${s.load.rps} req/s` +
      (r.achievedRps === undefined ? '' : ` (achieved ${r.achievedRps.toFixed(1)})`),
    `${formatCount(r.failed)} failed (${formatCount(r.dropped)} dropped, ${formatCount(r.failedGets)} GETs)`,
    `p50 ${orDash(r.p50Ms, formatMs)} · p95 ${orDash(r.p95Ms, formatMs)} · p99 ${orDash(r.p99Ms, formatMs)}`,
  ];
  if (r.errorBudgetSpent !== undefined) parts.push(`error budget spent ${formatPercent(r.errorBudgetSpent)}`);
  if (r.lostOrders !== undefined) parts.push(`lost orders (RPO) ${r.lostOrders}`);
  const kinds = failuresByKind(s.timeline);
  const lines = [`**Results:** ${parts.join(' · ')}. Load: ${escapeText(s.load.generator)}.`];
  if (kinds.length > 0)
    lines.push('', `**Failures by kind:** ${kinds.map(([kind, n]) => `${kind} ${n}`).join(', ')}.`);
  return lines;
}

function faultRow(f: FaultReport): string {
  return row([
    `\`${f.kind}\``,
    f.target,
    formatOffset(f.injectedAtMs),
    orDash(f.timeToImpactMs, formatMs),
    f.timeToDetectMs === undefined
      ? 'not detected'
      : `${formatMs(f.timeToDetectMs)}${f.detectedBy ? ` (${f.detectedBy})` : ''}`,
    f.timeToRecoverMs === undefined ? 'not recovered' : formatMs(f.timeToRecoverMs),
    formatCount(f.failedRequests),
    orDash(f.errorBudgetSpent, formatPercent),
  ]);
}

function environmentSection(report: Report): string[] {
  const env = report.environment;
  return [
    '<details><summary>Environment and implementations</summary>',
    '',
    '| Piece | Implementation |',
    '|---|---|',
    ...Object.entries(report.implementations).map(([piece, impl]) => row([piece, impl])),
    row(['node', env.node]),
    row(['platform', `${env.platform}, ${env.cpus} CPUs, ${(env.memoryBytes / 2 ** 30).toFixed(1)} GiB`]),
    row(['lab', `${env.labVersion}${env.gitCommit ? ` (${env.gitCommit})` : ''}`]),
    ...(env.adjustments.length > 0
      ? ['', '**Adjustments for the run:**', '', ...env.adjustments.map((a) => `- ${escapeText(a)}`)]
      : []),
    '',
    '</details>',
  ];
}

/** The heading anchor GitHub makes for `## ✓ name: verdict` (lower case, spaces to dashes, symbols dropped). */
function anchor(s: ScenarioReport): string {
  return `-${s.name}-${s.verdict}`
    .toLowerCase()
    .replace(/[^a-z0-9_ -]/g, '')
    .replace(/ /g, '-');
}

function row(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** Markdown tables break on `|` and newlines; `<` would start inline HTML in GFM. */
function escapeCell(text: string): string {
  return escapeText(text)
    .replaceAll('|', '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Table rows and escaped text for other Markdown files of the lab (fidelity.md), built the same way. */
export { row as markdownRow, escapeText as escapeMarkdown };
