import { describe, expect, it } from 'vitest';
import { ExitCode, worstExitCode } from './exit-codes.js';

describe('worstExitCode', () => {
  it('takes interrupted over setup errors over failures over inconclusive over success', () => {
    expect(worstExitCode([ExitCode.Ok, ExitCode.Ok])).toBe(ExitCode.Ok);
    expect(worstExitCode([ExitCode.Ok, ExitCode.Inconclusive])).toBe(ExitCode.Inconclusive);
    expect(worstExitCode([ExitCode.Inconclusive, ExitCode.Failed])).toBe(ExitCode.Failed);
    expect(worstExitCode([ExitCode.Failed, ExitCode.UsageOrSetup])).toBe(ExitCode.UsageOrSetup);
    expect(worstExitCode([ExitCode.UsageOrSetup, ExitCode.Interrupted, ExitCode.Ok])).toBe(
      ExitCode.Interrupted,
    );
  });

  it('counts a code outside the enum as a failure, and no runs as success', () => {
    expect(worstExitCode([ExitCode.Ok, 7])).toBe(ExitCode.Failed);
    expect(worstExitCode([])).toBe(ExitCode.Ok);
  });
});
