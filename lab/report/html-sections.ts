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
} from './format.js';
import { html, type SafeHtml } from './html-template.js';
import type { Report, ScenarioReport } from './report-model.js';

/** The tables and figure blocks of report.html, one function per block; each returns '' when empty. */

const mark = (pass: boolean): SafeHtml =>
  html`<td class="mark ${pass ? 'ok' : 'bad'}" title="${pass ? 'pass' : 'fail'}">${passMark(pass)}</td>`;
const num = (text: string): SafeHtml => html`<td class="num">${text}</td>`;

export function figures(s: ScenarioReport): SafeHtml {
  const r = s.results;
  const items: [string, string][] = [
    ['requests', formatCount(r.requests)],
    ['failed', formatCount(r.failed)],
    ['dropped (not sent on time)', formatCount(r.dropped)],
    ['failed GETs', formatCount(r.failedGets)],
    ['availability', orDash(r.availability, formatPercent)],
    ['p50 / p95 / p99', [r.p50Ms, r.p95Ms, r.p99Ms].map((v) => orDash(v, formatMs)).join(' / ')],
    [
      'load',
      `${s.load.rps} req/s${r.achievedRps === undefined ? '' : ` (achieved ${r.achievedRps.toFixed(1)})`}`,
    ],
    ['time to recover', orDash(r.timeToRecoverMs, formatMs)],
    ['error budget spent', orDash(r.errorBudgetSpent, formatPercent)],
    ['lost orders (RPO)', orDash(r.lostOrders, formatCount)],
  ];
  const kinds = failuresByKind(s.timeline);
  return html`<dl class="figures">
      ${items.map(
        ([term, value]) =>
          html`<div>
            <dt>${term}</dt>
            <dd>${value}</dd>
          </div>`,
      )}
    </dl>
    ${
      kinds.length > 0 &&
      html`<p class="muted">Failures by kind: ${kinds.map(([kind, n]) => `${kind} ${n}`).join(', ')}.</p>`
    }`;
}

export function sloTable(s: ScenarioReport): SafeHtml | '' {
  if (s.slos.length === 0) return '';
  return html`<h3>SLOs</h3>
    <table class="slos">
      <thead>
        <tr>
          <th></th>
          <th>SLO</th>
          <th class="num">Target</th>
          <th class="num">Actual</th>
          <th>Meaning</th>
        </tr>
      </thead>
      <tbody>
        ${s.slos.map(
          (slo) =>
            html`<tr data-pass="${String(slo.pass)}">
              ${mark(slo.pass)}
              <td><code>${slo.name}</code></td>
              ${num(formatSloTarget(slo))}${num(formatSloActual(slo))}
              <td>${slo.description}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function faultTable(s: ScenarioReport): SafeHtml | '' {
  if (s.faults.length === 0) return '';
  return html`<h3>Faults and recovery</h3>
    <div class="scroll">
      <table class="faults">
        <thead>
          <tr>
            <th>Fault</th>
            <th>Target</th>
            <th class="num">Injected</th>
            <th class="num">Time to impact</th>
            <th class="num">Time to detect</th>
            <th>Detected by</th>
            <th class="num">Time to recover</th>
            <th class="num">Reverted</th>
            <th class="num">Failed requests</th>
            <th class="num">Budget spent</th>
          </tr>
        </thead>
        <tbody>
          ${s.faults.map((f) => {
            const detail = f.detail && Object.entries(f.detail).map(([k, v]) => `${k}: ${String(v)}`);
            return html`<tr>
              <td><code>${f.kind}</code></td>
              <td>${f.target}${detail && html`<br /><span class="muted">${detail.join(', ')}</span>`}</td>
              <td class="num" title="${f.injectedAt}">${formatOffset(f.injectedAtMs)}</td>
              ${num(orDash(f.timeToImpactMs, formatMs))}${num(
                f.timeToDetectMs === undefined ? 'not detected' : formatMs(f.timeToDetectMs),
              )}
              <td>${f.detectedBy ?? '—'}</td>
              ${num(
                f.timeToRecoverMs === undefined ? 'not recovered' : formatMs(f.timeToRecoverMs),
              )}${num(orDash(f.revertedAtMs, formatOffset))}${num(formatCount(f.failedRequests))}${num(
                orDash(f.errorBudgetSpent, formatPercent),
              )}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}

export function phaseTable(s: ScenarioReport): SafeHtml | '' {
  if (s.phases.length === 0) return '';
  return html`<h3>Phases</h3>
    <table class="phases">
      <thead>
        <tr>
          <th>Phase</th>
          <th class="num">From</th>
          <th class="num">To</th>
          <th class="num">Requests</th>
          <th class="num">Failed</th>
          <th class="num">Availability</th>
          <th class="num">p50</th>
          <th class="num">p95</th>
          <th class="num">p99</th>
        </tr>
      </thead>
      <tbody>
        ${s.phases.map(
          (p) =>
            html`<tr>
              <td>${p.name}</td>
              ${num(formatOffset(p.startMs))}${num(formatOffset(p.endMs))}${num(
                formatCount(p.requests),
              )}${num(formatCount(p.failed))}${num(orDash(p.availability, formatPercent))}${[
                p.p50Ms,
                p.p95Ms,
                p.p99Ms,
              ].map((v) => num(orDash(v, formatMs)))}
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function steadyStateTable(s: ScenarioReport): SafeHtml | '' {
  if (s.steadyState.length === 0) return '';
  return html`<h3>Steady-state hypothesis</h3>
    <table class="steady-state">
      <thead>
        <tr>
          <th></th>
          <th>When</th>
          <th>Probe</th>
          <th>Tolerance</th>
          <th>Actual</th>
        </tr>
      </thead>
      <tbody>
        ${s.steadyState.flatMap((st) =>
          st.probes.map(
            (p) =>
              html`<tr>
                ${mark(p.pass)}
                <td>${st.when} (${formatMs(st.windowMs)} window)</td>
                <td>${p.name}</td>
                <td>${p.tolerance}</td>
                <td>${p.actual}</td>
              </tr>`,
          ),
        )}
      </tbody>
    </table>`;
}

export function checkTable(s: ScenarioReport): SafeHtml | '' {
  if (s.checks.length === 0) return '';
  return html`<h3>Data checks</h3>
    <table class="checks">
      <thead>
        <tr>
          <th></th>
          <th>Check</th>
          <th>What was found</th>
          <th>Figures</th>
        </tr>
      </thead>
      <tbody>
        ${s.checks.map(
          (c) =>
            html`<tr data-pass="${String(c.pass)}">
              ${mark(c.pass)}
              <td><code>${c.name}</code><br /><span class="muted">${c.description}</span></td>
              <td>${c.detail}</td>
              <td>${describeCheckFigures(c) || '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function journalTable(s: ScenarioReport): SafeHtml | '' {
  if (s.journal.length === 0) return '';
  return html`<h3>Journal</h3>
    <table class="journal">
      <thead>
        <tr>
          <th></th>
          <th>Activity</th>
          <th class="num">Start</th>
          <th class="num">End</th>
          <th>Output</th>
        </tr>
      </thead>
      <tbody>
        ${s.journal.map(
          (j) =>
            html`<tr>
              ${mark(j.status === 'succeeded')}
              <td><code>${j.activity}</code></td>
              ${num(formatOffset(j.startMs))}${num(orDash(j.endMs, formatOffset))}
              <td>${j.output ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function runbookAndLogs(s: ScenarioReport): SafeHtml {
  return html`${
      s.runbook.length > 0 &&
      html`<h3>Runbook</h3>
        <ol>
          ${s.runbook.map((step) => html`<li>${step}</li>`)}
        </ol>`
    }
    <h3>Logs</h3>
    ${
      s.logs.length === 0
        ? html`<p class="muted">No logs were collected for this scenario.</p>`
        : html`<ul class="logs">
            ${s.logs.map((log) => html`<li>${logLink(log)}</li>`)}
          </ul>`
    }`;
}

/** Log paths are relative to the run folder; anything with a URL scheme is shown, never linked. */
function logLink(log: string): SafeHtml {
  if (/^[a-z][a-z0-9+.-]*:/i.test(log) || log.startsWith('//')) return html`<code>${log}</code>`;
  return html`<a href="${encodeURI(log)}">${log}</a>`;
}

export function environmentSection(report: Report): SafeHtml {
  const env = report.environment;
  const rows: [string, string][] = [
    ...Object.entries(report.implementations),
    ['node', env.node],
    ['platform', `${env.platform}, ${env.cpus} CPUs, ${(env.memoryBytes / 2 ** 30).toFixed(1)} GiB memory`],
    ['lab', `${env.labVersion}${env.gitCommit ? ` (commit ${env.gitCommit})` : ''}`],
  ];
  return html`<section class="environment">
    <h2>Environment and implementations</h2>
    <table>
      <thead>
        <tr>
          <th>Piece</th>
          <th>Implementation</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([piece, impl]) =>
            html`<tr>
              <td>${piece}</td>
              <td>${impl}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      env.adjustments.length > 0 &&
      html`<h3>Settings the lab adjusted for the run</h3>
        <ul>
          ${env.adjustments.map((a) => html`<li>${a}</li>`)}
        </ul>`
    }
  </section>`;
}
