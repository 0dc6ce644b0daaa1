/**
 * Measurement: pure functions of the request records (lab/load/request-record.ts) that produce the
 * report's figures (lab/report/report-model.ts). Times in are epoch ms; offsets out are ms since t0.
 */
export { latencyMs, failed, dropped } from './request-outcome.js';
export { percentile, nearestRank, latencyPercentiles } from './percentiles.js';
export { summarize, achievedRps } from './summarize.js';
export { buildTimeline, maxBucketMs, type TimelineOptions } from './timeline.js';
export { findRecovery, defaultSustainMs, type RecoveryOptions } from './recovery.js';
export { findImpact } from './impact.js';
export { timeToDetect, alertCondition, alertWindowMs, type Detection } from './detection.js';
export { errorBudgetSpent } from './error-budget.js';
export { faultFigures, type FaultFiguresOptions } from './fault-figures.js';
export { phases, type PhasesOptions } from './phases.js';
export { evaluateSlos } from './evaluate-slos.js';
export { checkSteadyState, type SteadyStateOptions, type SteadyStateProbes } from './steady-state.js';
export { windowTargets, defaultWindowAvailability, type WindowTargets } from './slo-window.js';
export type { FaultInput, TopologyEvent } from './fault-input.js';
