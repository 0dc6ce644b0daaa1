import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { formatCount, formatMs, formatOffset, formatPercent, orDash, verdictMarks } from './format.js';
import { chartData, chartMarkers } from './html-chart-data.js';
import {
  checkTable,
  environmentSection,
  faultTable,
  figures,
  journalTable,
  phaseTable,
  runbookAndLogs,
  sloTable,
  steadyStateTable,
} from './html-sections.js';
import { html, raw, scriptJson, type SafeHtml } from './html-template.js';
import { reportCss } from './report-styles.js';
import type { Report, ScenarioReport } from './report-model.js';
import type { ReportWriter } from './report-writer.js';

/**
 * report.html: one self-contained file for people (an operator, a teacher): no network at all (its
 * Content-Security-Policy forbids every fetch), so it opens from a CI artifact or a mail attachment.
 * The charts are drawn by uPlot, inlined from node_modules: ~50 KB minified, MIT, actively maintained
 * (Grafana's time-series panel was built on it), and made for exactly this: time series of a few
 * thousand points on a canvas. Chart.js would be four times the size for no feature the report needs.
 */
export function renderHtml(report: Report): string {
  const assets = loadAssets();
  const title = `${verdictMarks[report.verdict]} DhakaCart Lab run ${report.runId}: ${report.verdict}`;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
        />
        <title>${title}</title>
        <style>
          ${raw(assets.uplotCss)}
          ${raw(assets.reportCss)}
        </style>
      </head>
      <body data-charts="pending">
        <header>
          <h1>${title}</h1>
          <p class="muted">
            profile <code>${report.profile}</code> · seed <code>${report.seed}</code> (repeat with
            <code>--seed ${report.seed}</code>) · ${report.startedAt} → ${report.finishedAt} · schema version
            ${report.schemaVersion}
          </p>
          ${
            report.interrupted &&
            html`<p class="banner">
              <strong>Interrupted:</strong> the run was stopped before it finished; figures are partial and
              scenarios not run are marked.
            </p>`
          }
          ${overview(report)}
        </header>
        <main>${report.scenarios.map((s, i) => scenarioSection(s, i))}</main>
        <footer>${environmentSection(report)}</footer>
        <script>
          ${raw(assets.uplotJs)};
        </script>
        <script type="application/json" id="lab-chart-data">
          ${scriptJson(report.scenarios.map(chartData))}
        </script>
        <script>
          ${raw(assets.chartsJs)};
        </script>
      </body>
    </html> `;
  return page.value;
}

export const htmlWriter: ReportWriter = { name: 'html', file: 'report.html', render: renderHtml };

function overview(report: Report): SafeHtml {
  return html`<table class="overview">
    <thead>
      <tr>
        <th></th>
        <th>Scenario</th>
        <th>Verdict</th>
        <th class="num">Requests</th>
        <th class="num">Failed</th>
        <th class="num">Availability</th>
        <th class="num">p99</th>
        <th class="num">Time to recover</th>
        <th>Why</th>
      </tr>
    </thead>
    <tbody>
      ${report.scenarios.map(
        (s, i) =>
          html`<tr>
            <td class="mark">${verdictMarks[s.verdict]}</td>
            <td><a href="#${scenarioId(s, i)}">${s.name}</a></td>
            <td><span class="verdict verdict-${s.verdict}">${s.verdict}</span></td>
            <td class="num">${formatCount(s.results.requests)}</td>
            <td class="num">${formatCount(s.results.failed)}</td>
            <td class="num">${orDash(s.results.availability, formatPercent)}</td>
            <td class="num">${orDash(s.results.p99Ms, formatMs)}</td>
            <td class="num">${orDash(s.results.timeToRecoverMs, formatMs)}</td>
            <td>${s.reason}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function scenarioSection(s: ScenarioReport, index: number): SafeHtml {
  return html`<section
    class="scenario"
    id="${scenarioId(s, index)}"
    data-scenario="${s.name}"
    data-verdict="${s.verdict}"
  >
    <h2>
      ${verdictMarks[s.verdict]} ${s.name} <span class="verdict verdict-${s.verdict}">${s.verdict}</span>
    </h2>
    <p>${s.description}</p>
    <p><strong>Hypothesis:</strong> ${s.hypothesis}</p>
    <p><strong>Why ${s.verdict}:</strong> ${s.reason}</p>
    ${s.error && html`<pre class="error">${s.error}</pre>`}
    <p class="muted">
      started ${s.startedAt}, took ${formatMs(s.durationMs)} · load: ${s.load.generator}, ${s.load.rps} req/s,
      journeys
      ${Object.entries(s.load.journeys)
        .map(([j, w]) => `${j} ${w}`)
        .join(', ')}${s.file ? ` · ${s.file}` : ''}
    </p>
    ${figures(s)} ${charts(s, index)} ${sloTable(s)} ${faultTable(s)} ${phaseTable(s)} ${steadyStateTable(s)}
    ${checkTable(s)} ${journalTable(s)} ${runbookAndLogs(s)}
  </section>`;
}

function charts(s: ScenarioReport, index: number): SafeHtml {
  if (s.timeline.length === 0)
    return html`<p class="muted">
      No timeline: no load ran in this scenario, so there is nothing to chart.
    </p>`;
  const markers = chartMarkers(s);
  return html`<h3>Timeline</h3>
    <figure class="chart" data-chart="throughput" data-scenario="${index}">
      <figcaption>Requests and failures per bucket, with faults and marks</figcaption>
    </figure>
    <figure class="chart" data-chart="latency" data-scenario="${index}">
      <figcaption>
        Latency p50 / p95 / p99 per bucket, timed from when each request was due (gaps: no request finished)
      </figcaption>
    </figure>
    ${
      markers.length > 0 &&
      html`<ul class="markers">
        ${markers.map(
          (m) =>
            html`<li>
              <span class="swatch" style="background:${m.color}"></span>${formatOffset(m.atS * 1000)}
              ${m.label}
            </li>`,
        )}
      </ul>`
    }`;
}

/** A unique id even when two scenarios share a name (the same scenario run twice). */
const scenarioId = (s: ScenarioReport, index: number): string =>
  `scenario-${index + 1}-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

interface Assets {
  uplotJs: string;
  uplotCss: string;
  reportCss: string;
  chartsJs: string;
}

let assets: Assets | undefined;

/** Read once per process: the chart library from node_modules and the report's own CSS and chart script. */
function loadAssets(): Assets {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(file, 'utf8');
  const own = (name: string) => read(fileURLToPath(new URL(`./assets/${name}`, import.meta.url)));
  assets = {
    uplotJs: inlineScript(read(require.resolve('uplot/dist/uPlot.iife.min.js'))),
    uplotCss: read(require.resolve('uplot/dist/uPlot.min.css')),
    reportCss: reportCss(),
    chartsJs: inlineScript(own('report-charts.js')),
  };
  return assets;
}

/** A script inlined in HTML must not contain `</script` (it would end the element early). */
function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}
