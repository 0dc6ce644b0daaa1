import path from 'node:path';
import { verdictMarks } from '../format.js';
import { html, raw, type SafeHtml } from '../html-template.js';
import { reportCss } from '../report-styles.js';
import {
  formatFigure,
  rowTitle,
  statusMarks,
  summaryHeadline,
  thresholdSentence,
} from './fidelity-format.js';
import type { FidelityComparison, FigureRow, ScenarioComparison } from './fidelity-model.js';
import { figureColumns, implementationRows } from './fidelity-tables.js';

/** Rows that differ stand out as a failed SLO does in report.html; nothing else is added to its look. */
const fidelityCss = `
tr[data-status='differs'] td { background: #fdecea; }
tr[data-status='one-sided'] td { background: #fff3e0; }
td.mark.warn { color: var(--warn); font-weight: 700; }
`;

/**
 * fidelity.html: fidelity.md for people, self-contained like report.html (same stylesheet, the same
 * Content-Security-Policy: nothing is fetched), with links to each profile's own report.html when the
 * comparison was made from files beside it.
 */
export function renderFidelityHtml(comparison: FidelityComparison): string {
  const labels = comparison.runs.map((r) => r.label);
  const title = `DhakaCart Lab fidelity: ${labels.join(' vs ')}`;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <title>${title}</title>
        <style>
          ${raw(reportCss())}
          ${raw(fidelityCss)}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <p class="muted">${runsLine(comparison)}</p>
          <p>${thresholdSentence(comparison)}</p>
          ${summary(comparison)}
        </header>
        <main>${comparison.scenarios.map((s) => scenarioSection(s, labels))}</main>
        <footer>${implementations(comparison)}</footer>
      </body>
    </html> `;
  return page.value;
}

function runsLine(comparison: FidelityComparison): SafeHtml[] {
  return comparison.runs.map(
    (r, i) =>
      html`${i > 0 && ' · '}<code>${r.label}</code>: run <code>${r.runId}</code>,
        <span class="verdict verdict-${r.verdict}">${r.verdict}</span>, seed <code>${r.seed}</code>${
          r.source && html` (${reportLink(r.source)})`
        }`,
  );
}

/** A relative path to a run's report.json links to the report.html beside it; anything else is shown. */
function reportLink(source: string): SafeHtml {
  if (path.isAbsolute(source) || /^[a-z][a-z0-9+.-]*:/i.test(source)) return html`<code>${source}</code>`;
  const page = source.replace(/report\.json$/, 'report.html');
  return html`<a href="${encodeURI(page)}">${page}</a>`;
}

function summary(comparison: FidelityComparison): SafeHtml {
  const { differences, differing, notCompared, compared } = comparison.summary;
  const differs = differences.filter((d) => d.status === 'differs');
  const oneSided = differences.filter((d) => d.status === 'one-sided');
  return html`<section class="summary">
    <h2>Summary</h2>
    <p class="${differing > 0 ? 'bad' : compared > 0 ? 'ok' : ''}" data-differing="${differing}">
      ${summaryHeadline(comparison)}
    </p>
    ${
      differs.length > 0 &&
      html`<ul class="differences">
        ${differs.map((d) => html`<li>${d.text}</li>`)}
      </ul>`
    }
    ${
      oneSided.length > 0 &&
      html`<ul class="one-sided">
        ${oneSided.map((d) => html`<li>${d.text}</li>`)}
      </ul>`
    }
    ${
      notCompared.length > 0 &&
      html`<ul class="not-compared">
        ${notCompared.map((n) => html`<li>not compared: ${n.scenario}: ${n.note}</li>`)}
      </ul>`
    }
  </section>`;
}

function scenarioSection(scenario: ScenarioComparison, labels: readonly string[]): SafeHtml {
  const columns = figureColumns(scenario, labels);
  return html`<section class="scenario" data-scenario="${scenario.name}">
    <h2>${scenario.name}</h2>
    <p>
      ${Object.entries(scenario.runs).map(
        ([label, p], i) =>
          html`${i > 0 && ' · '}<code>${label}</code> ${
              p
                ? html`${verdictMarks[p.verdict]}
                    <span class="verdict verdict-${p.verdict}">${p.verdict}</span>`
                : 'not run'
            }`,
      )}
    </p>
    ${scenario.note && html`<p class="banner">Not compared: ${scenario.note}.</p>`}
    ${
      scenario.rows.length > 0 &&
      html`<table class="fidelity">
        <thead>
          <tr>
            <th></th>
            <th>Figure</th>
            ${columns.map((label) => html`<th class="num">${label}</th>`)}
            <th>Difference</th>
          </tr>
        </thead>
        <tbody>
          ${scenario.rows.map((row) => figureRow(row, columns))}
        </tbody>
      </table>`
    }
  </section>`;
}

function figureRow(row: FigureRow, columns: readonly string[]): SafeHtml {
  const markClass = row.status === 'differs' ? 'bad' : row.status === 'close' ? 'ok' : 'warn';
  return html`<tr data-status="${row.status}" data-metric="${row.metric}" data-subject="${row.subject}">
    <td class="mark ${markClass}">${statusMarks[row.status]}</td>
    <td>${rowTitle(row)}</td>
    ${columns.map(
      (label) => html`<td class="num">${formatFigure(row.unit, row.values[label], row.absentAs)}</td>`,
    )}
    <td>
      ${
        row.status === 'differs'
          ? html`<strong>${row.note}</strong>${row.higher && ` (${row.higher} higher)`}`
          : row.note
      }
    </td>
  </tr>`;
}

function implementations(comparison: FidelityComparison): SafeHtml {
  return html`<section class="environment">
    <h2>Implementations</h2>
    <table class="implementations">
      <thead>
        <tr>
          <th>Piece</th>
          ${comparison.runs.map((r) => html`<th>${r.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${implementationRows(comparison).map(
          (cells) =>
            html`<tr>
              ${cells.map((c) => html`<td>${c}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
