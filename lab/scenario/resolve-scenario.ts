import { defaultJourneyMix } from '../load/index.js';
import type { JourneyName, Lab, ScenarioDefinition, SloSpec } from './scenario-types.js';

/**
 * A scenario in its full form: every default filled in. The shortcuts an author may write (`load:
 * { rps: 50 }`, no steadyState, no runbook) are rewritten here and only here, as k6 rewrites
 * `vus/duration/stages` into `scenarios` in one place; the runner reads only this form.
 */
export interface ResolvedScenario {
  name: string;
  description: string;
  hypothesis: string;
  runbook: string[];
  /** The file it came from, relative to the working directory. */
  file: string;
  slo: SloSpec & { sustainMs: number; maxLostOrders: number };
  load: {
    rps: number;
    journeys: Record<JourneyName, number>;
    warmupMs: number;
    generator: 'auto' | 'built-in' | 'k6';
  };
  steadyState: { windowMs: number; availability: number; p99Ms?: number };
  timeoutMs: number;
  env: Record<string, Record<string, string>>;
  run(lab: Lab): Promise<void>;
  rollback?(lab: Lab): Promise<void>;
}

export const scenarioDefaults = {
  sustainMs: 5000,
  maxLostOrders: 0,
  warmupMs: 2000,
  generator: 'auto',
  steadyStateWindowMs: 3000,
  steadyStateAvailability: 0.99,
  timeoutMs: 120_000,
} as const;

export function resolveScenario(definition: ScenarioDefinition, file: string): ResolvedScenario {
  const { slo, load, steadyState } = definition;
  const journeys = load.journeys
    ? (Object.fromEntries(
        Object.keys(defaultJourneyMix).map((name) => [name, load.journeys?.[name as JourneyName] ?? 0]),
      ) as Record<JourneyName, number>)
    : { ...defaultJourneyMix };
  const p99Ms = steadyState?.p99Ms ?? slo.p99Ms;
  return {
    name: definition.name,
    description: definition.description,
    hypothesis: definition.hypothesis,
    runbook: definition.runbook ?? [],
    file,
    slo: {
      ...slo,
      sustainMs: slo.sustainMs ?? scenarioDefaults.sustainMs,
      maxLostOrders: slo.maxLostOrders ?? scenarioDefaults.maxLostOrders,
    },
    load: {
      rps: load.rps,
      journeys,
      warmupMs: load.warmupMs ?? scenarioDefaults.warmupMs,
      generator: load.generator ?? scenarioDefaults.generator,
    },
    steadyState: {
      windowMs: steadyState?.windowMs ?? scenarioDefaults.steadyStateWindowMs,
      availability: steadyState?.availability ?? slo.availability ?? scenarioDefaults.steadyStateAvailability,
      ...(p99Ms !== undefined && { p99Ms }),
    },
    timeoutMs: definition.timeoutMs ?? scenarioDefaults.timeoutMs,
    env: definition.env ?? {},
    run: (lab) => definition.run(lab),
    ...(definition.rollback && { rollback: (lab: Lab) => definition.rollback!(lab) }),
  };
}
