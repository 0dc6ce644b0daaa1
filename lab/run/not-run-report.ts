import type { ScenarioReport, Verdict } from '../report/report-model.js';
import type { ResolvedScenario } from '../scenario/resolve-scenario.js';

/** The report entry of a scenario the run never started (interrupted, or stopped by a setup error). */
export function notRunReport(scenario: ResolvedScenario, verdict: Verdict, reason: string): ScenarioReport {
  return {
    name: scenario.name,
    description: scenario.description,
    hypothesis: scenario.hypothesis,
    runbook: scenario.runbook,
    file: scenario.file,
    verdict,
    reason,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    load: { generator: 'not started', rps: scenario.load.rps, journeys: scenario.load.journeys },
    slos: [],
    results: { requests: 0, failed: 0, dropped: 0, failedGets: 0 },
    phases: [],
    faults: [],
    checks: [],
    steadyState: [],
    marks: [],
    journal: [],
    timeline: [],
    logs: [],
  };
}
