import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './load-workflows.js';
import { headingAnchors, inPageLinks, relativeFileLinks } from './markdown-headings.js';

/**
 * The failure stories the lab rehearses, read from scenarios/ (one file per scenario, named after it),
 * so a new scenario cannot ship without a runbook section.
 */
const SCENARIOS = readdirSync(join(repoRoot, 'scenarios'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();
/** Alerts that are not one scenario; each has its own runbook section. */
const ALERT_SECTIONS = [
  'high-cpu',
  'high-memory',
  'pod-restarts',
  'service-down',
  'replication-lag',
  'slo-burn',
];

const docsDir = join(repoRoot, 'docs');
const monitoringDir = join(repoRoot, 'k8s/monitoring');
const runbook = readFileSync(join(docsDir, 'runbook.md'), 'utf8');
const runbookAnchors = new Set(headingAnchors(runbook));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every runbook_url annotation in k8s/monitoring (PrometheusRules, or rule files inside ConfigMaps). */
function runbookUrls(): { file: string; url: string }[] {
  return filesUnder(monitoringDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/runbook_url["']?\s*:\s*["']?([^"'\s,}]+)/g)].map((m) => ({
        file: relative(repoRoot, file),
        url: m[1]!,
      })),
    );
}

describe('docs/runbook.md', () => {
  it.each(SCENARIOS)('has a section for the %s scenario', (name) => {
    expect(runbookAnchors.has(name), `no "## ${name}" heading in docs/runbook.md`).toBe(true);
  });

  it.each(ALERT_SECTIONS)('has a section for the %s alert', (name) => {
    expect(runbookAnchors.has(name), `no "## ${name}" heading in docs/runbook.md`).toBe(true);
  });

  it('gives every scenario section its symptoms, alert, confirmation, mitigation, verification and follow-up', () => {
    const sections = runbook.split(/^## /m).slice(1);
    for (const name of SCENARIOS) {
      const section = sections.find((s) => s.startsWith(`${name}\n`)) ?? '';
      for (const part of ['Symptoms', 'Alert', 'Confirm', 'Mitigate', 'Verify', 'Follow-up']) {
        expect(section, `section ${name} lacks **${part}.**`).toContain(`**${part}.**`);
      }
    }
  });

  it('links only to its own headings', () => {
    const broken = inPageLinks(runbook).filter((anchor) => !runbookAnchors.has(anchor));
    expect(broken, 'in-page links with no matching heading').toEqual([]);
  });
});

describe('runbook_url annotations in k8s/monitoring', () => {
  const urls = runbookUrls();

  it('exist: every alert points its responder at the runbook', () => {
    expect(urls.length, `no runbook_url found under ${relative(repoRoot, monitoringDir)}`).toBeGreaterThan(0);
  });

  it('each resolve to a heading of docs/runbook.md', () => {
    const unresolved = urls.filter(({ url }) => {
      const match = /(?:^|\/)docs\/runbook\.md#([\w-]+)$/.exec(url);
      return !match || !runbookAnchors.has(match[1]!);
    });
    expect(
      unresolved.map(({ file, url }) => `${file}: ${url}`),
      `runbook_url must end in docs/runbook.md#<heading>; headings: ${[...runbookAnchors].join(', ')}`,
    ).toEqual([]);
  });
});

describe('docs/', () => {
  it.each(['deployment.md', 'runbook.md', 'security.md'])('%s links only to files that exist', (file) => {
    const path = join(docsDir, file);
    const text = readFileSync(path, 'utf8');
    const missing = relativeFileLinks(text).filter((link) => !existsSync(join(dirname(path), link)));
    expect(missing, `${file}: links to missing files`).toEqual([]);
  });
});
