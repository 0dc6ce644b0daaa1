import { describe, expect, it } from 'vitest';
import type { SloResult, SteadyStateResult } from '../report/report-model.js';
import { decideVerdict, overallVerdict } from './verdict.js';

const steady = (when: 'before' | 'after', holds: boolean): SteadyStateResult => ({
  when,
  holds,
  windowMs: 3000,
  probes: [{ name: 'availability', tolerance: '>= 99 %', actual: holds ? '100 %' : '80 %', pass: holds }],
});
const slo = (pass: boolean): SloResult => ({
  name: 'availability',
  description: 'successful requests over all',
  op: '>=',
  target: 0.99,
  actual: pass ? 1 : 0.9,
  pass,
});

describe('decideVerdict', () => {
  it('passes when the steady state held before and after and every SLO and check passed', () => {
    expect(
      decideVerdict({
        steadyBefore: steady('before', true),
        steadyAfter: steady('after', true),
        slos: [slo(true)],
        checks: [],
      }),
    ).toMatchObject({ verdict: 'pass' });
  });

  it('is inconclusive, never a pass, when the steady state did not hold before the method', () => {
    const { verdict, reason } = decideVerdict({
      steadyBefore: steady('before', false),
      slos: [slo(true)],
      checks: [],
    });
    expect(verdict).toBe('inconclusive');
    expect(reason).toMatch(/did not hold before the method.*availability 80 % \(wanted >= 99 %\)/);
  });

  it('fails on a missed SLO, a failed check or a steady state that did not return', () => {
    expect(
      decideVerdict({ steadyBefore: steady('before', true), slos: [slo(false)], checks: [] }),
    ).toMatchObject({
      verdict: 'fail',
      reason: expect.stringMatching(/SLO availability >= 0.99 missed \(actual 0.9\)/),
    });
    const check = {
      name: 'stock-balances',
      description: '',
      pass: false,
      detail: 'stock of product 3 is off by 2',
    };
    expect(decideVerdict({ slos: [], checks: [check] }).reason).toMatch(
      /check stock-balances failed: stock of product 3/,
    );
    expect(decideVerdict({ steadyAfter: steady('after', false), slos: [], checks: [] }).verdict).toBe('fail');
  });

  it('is an error when the scenario could not run, and interrupted when stopped', () => {
    expect(decideVerdict({ error: new Error('boom'), slos: [], checks: [] }).verdict).toBe('error');
    expect(decideVerdict({ interrupted: 'SIGINT', slos: [], checks: [] }).verdict).toBe('interrupted');
  });
});

describe('overallVerdict', () => {
  it('is the worst of the scenarios', () => {
    expect(overallVerdict(['pass', 'inconclusive', 'pass'])).toBe('inconclusive');
    expect(overallVerdict(['pass', 'fail', 'inconclusive'])).toBe('fail');
    expect(overallVerdict(['pass'])).toBe('pass');
  });
});
