import type { CheckResult, SloResult, SteadyStateResult, Verdict } from '../report/report-model.js';

export interface VerdictInput {
  interrupted?: string;
  error?: Error;
  steadyBefore?: SteadyStateResult;
  steadyAfter?: SteadyStateResult;
  slos: readonly SloResult[];
  checks: readonly CheckResult[];
  /** Weaknesses the method itself ran into (the shop did not recover in time). */
  deviations?: readonly string[];
}

/**
 * A scenario's verdict and why, in one sentence. Chaos Toolkit's distinction: a starting steady state
 * that does not hold makes the run inconclusive (nothing was learnt about the fault), never a pass; a
 * method that could not run is an error; a weakness found (an SLO, a check, the steady state after)
 * is a fail.
 */
export function decideVerdict(input: VerdictInput): { verdict: Verdict; reason: string } {
  if (input.interrupted)
    return { verdict: 'interrupted', reason: `interrupted (${input.interrupted}) before it finished` };
  if (input.error) return { verdict: 'error', reason: `the scenario could not run: ${input.error.message}` };
  if (input.steadyBefore && !input.steadyBefore.holds)
    return {
      verdict: 'inconclusive',
      reason: `the steady state did not hold before the method, so the method was skipped: ${failingProbes(input.steadyBefore)}`,
    };
  const failures = [
    ...(input.deviations ?? []),
    ...input.slos
      .filter((s) => !s.pass)
      .map((s) => `SLO ${s.name} ${s.op} ${s.target} missed (actual ${s.actual ?? 'none'})`),
    ...input.checks.filter((c) => !c.pass).map((c) => `check ${c.name} failed: ${c.detail}`),
    ...(input.steadyAfter && !input.steadyAfter.holds
      ? [`the steady state did not return after the method: ${failingProbes(input.steadyAfter)}`]
      : []),
  ];
  if (failures.length > 0) return { verdict: 'fail', reason: failures.join('; ') };
  return {
    verdict: 'pass',
    reason: `the hypothesis held: ${input.slos.length} SLOs and ${input.checks.length} data checks passed, steady state before and after`,
  };
}

function failingProbes(result: SteadyStateResult): string {
  return result.probes
    .filter((p) => !p.pass)
    .map((p) => `${p.name} ${p.actual} (wanted ${p.tolerance})`)
    .join(', ');
}

/** The run's verdict: the worst of its scenarios'. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  const order: Verdict[] = ['interrupted', 'error', 'fail', 'inconclusive', 'pass'];
  return order.find((v) => verdicts.includes(v)) ?? 'pass';
}
