import type { Page } from 'playwright-core';

export interface BrowserProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  text: string;
}

/**
 * Records everything in a page that a shopper would experience as "something broke": console errors,
 * uncaught exceptions, requests that failed, and responses with status >= 400. Tests assert the list
 * is empty, or contains only the failures they provoked on purpose.
 */
export function watchForProblems(page: Page): {
  problems: BrowserProblem[];
  unexpected(allowed?: RegExp[]): string[];
} {
  const problems: BrowserProblem[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push({ kind: 'console', text: message.text() });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: String(error) }));
  page.on('requestfailed', (request) =>
    problems.push({
      kind: 'requestfailed',
      text: `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
    }),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push({
        kind: 'http',
        text: `${response.request().method()} ${response.url()} → ${response.status()}`,
      });
    }
  });
  return {
    problems,
    unexpected: (allowed = []) =>
      problems
        .filter((p) => !allowed.some((pattern) => pattern.test(p.text)))
        .map((p) => `${p.kind}: ${p.text}`),
  };
}
