import type { Verdict } from '../report-model.js';

/**
 * fidelity.json: the figures of one set of scenarios measured on two (or more) profiles, side by side,
 * and where they part. It is a pure function of the runs' report.json files (compare-reports.ts), and
 * fidelity.md / fidelity.html are pure functions of it, as report.md and report.html are of report.json.
 */
export const fidelitySchemaVersion = 1;

/** Figures further apart than this share of the larger one "differ" (`--threshold`). */
export const defaultFidelityThreshold = 0.2;

/** How a figure is shown: a ratio as a percentage, ms as a duration, counts with their noun. */
export type FigureUnit = 'ratio' | 'ms' | 'requests' | 'orders';

/**
 * - `differs`: beyond the threshold AND further apart than the metric's floor;
 * - `close`: within the threshold, or apart by no more than the floor (noise);
 * - `one-sided`: measured on some profiles only (e.g. recovered on one, never on the other);
 * - `not-measured`: on none of them.
 */
export type FigureStatus = 'differs' | 'close' | 'one-sided' | 'not-measured';

/** One run in the comparison, with what served each piece of it. */
export interface FidelityRun {
  /** The column's name: the profile, or `profile runId` when two runs share a profile. */
  label: string;
  profile: string;
  runId: string;
  seed: number;
  verdict: Verdict;
  startedAt: string;
  implementations: Record<string, string>;
  /** Where its report.json was read from, when the comparison was made from files. */
  source?: string;
}

export interface FigureRow {
  /** `results` for the scenario's own figures, else the fault, e.g. `pod-kill` or `pod-kill #2`. */
  subject: string;
  /** The report.json field, e.g. `availability`, `p99Ms`, `timeToDetectMs`. */
  metric: string;
  /** The figure's name for people, e.g. `p99`, `time to detect`. */
  title: string;
  unit: FigureUnit;
  /** Per run label, in run order; null when that run did not measure it. */
  values: Record<string, number | null>;
  /** What a missing figure means here, e.g. `not recovered`. */
  absentAs: string;
  /** Figures no further apart than this are noise, whatever their ratio (same unit as the values). */
  floor: number;
  /** Largest minus smallest value, over the runs that measured it. */
  absoluteDifference?: number;
  /** absoluteDifference over the larger magnitude (0 when both are 0); see compare-reports.ts. */
  relativeDifference?: number;
  status: FigureStatus;
  /** Run labels with the highest and lowest figure, when the figures differ. */
  higher?: string;
  lower?: string;
  /** The row's verdict in words: `differs by 34 %`, `within 20 %`, `measured on local only`. */
  note: string;
}

export interface ScenarioPresence {
  verdict: Verdict;
  reason: string;
  /** Whether the scenario ran load at all there (an errored or skipped scenario has no figures). */
  measured: boolean;
}

export interface ScenarioComparison {
  name: string;
  /** Per run label; null when the run did not include the scenario. */
  runs: Record<string, ScenarioPresence | null>;
  /** Empty unless at least two runs measured the scenario. */
  rows: FigureRow[];
  /** Why there is nothing to compare, e.g. `only in local`, `no figures on k3s (error: ...)`. */
  note?: string;
}

export interface FidelityDifference {
  scenario: string;
  subject: string;
  metric: string;
  title: string;
  status: 'differs' | 'one-sided';
  relativeDifference?: number;
  higher?: string;
  /** One line for people, the same in every fidelity file. */
  text: string;
}

export interface FidelityComparison {
  kind: 'dhakacart-lab-fidelity';
  schemaVersion: typeof fidelitySchemaVersion;
  threshold: number;
  runs: FidelityRun[];
  scenarios: ScenarioComparison[];
  summary: {
    /** Rows beyond the threshold, and rows measured on some runs only. */
    differences: FidelityDifference[];
    /** Rows compared (with figures on at least two runs) and how many of them differ. */
    compared: number;
    differing: number;
    /** Scenarios that could not be compared, with why. */
    notCompared: { scenario: string; note: string }[];
  };
}
