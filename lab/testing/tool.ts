import { execFileSync } from 'node:child_process';

/**
 * Tests that need a real external tool (promtool, checkov, actionlint, kustomize, chromium, ...)
 * ask for it here. On a developer's laptop a missing tool makes the test skip with a message that
 * names the tool and how to get it; under CI (`LAB_CI=1`, set by `.ci/run`) a missing tool is a
 * failure, never a silent skip.
 */
export interface ToolLookup {
  /** Absolute path of the tool, or undefined when it is not on PATH. */
  path: string | undefined;
  /** Why the test cannot run; undefined when the tool is present. */
  skipReason: string | undefined;
}

export const inCi = (): boolean => process.env.LAB_CI === '1';

export function which(name: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v "$1"`, 'sh', name], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * Looks a tool up on PATH (or at one of `candidates`). Throws under LAB_CI=1 when it is missing.
 * `install` says how a developer gets it, e.g. "apt-get install prometheus".
 */
export function findTool(name: string, install: string, candidates: string[] = []): ToolLookup {
  const path = which(name) ?? candidates.find((c) => which(c));
  if (path) return { path: which(path) ?? path, skipReason: undefined };
  const message = `${name} is not installed (${install}); skipping the tests that need it`;
  if (inCi()) {
    throw new Error(`${name} is required under LAB_CI=1 but is not on PATH (${install}).`);
  }
  return { path: undefined, skipReason: message };
}
