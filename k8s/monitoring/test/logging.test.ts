import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool } from '../../../lab/testing/tool.js';
import { readText } from './support/monitoring-files.js';

interface RelabelConfig {
  source_labels?: string[];
  target_label?: string;
  regex?: string;
  action?: string;
  replacement?: string;
}
type Stage = Record<string, unknown>;
interface PromtailConfig {
  clients: { url: string }[];
  positions: { filename: string };
  scrape_configs: {
    job_name: string;
    kubernetes_sd_configs: {
      role: string;
      namespaces?: { names: string[] };
      selectors?: { field?: string }[];
    }[];
    relabel_configs: RelabelConfig[];
    pipeline_stages: Stage[];
  }[];
}

const promtail = parse(readText('logging/promtail.yaml')) as PromtailConfig;
const loki = parse(readText('logging/loki.yaml')) as Record<string, Record<string, unknown>>;
const scrape = promtail.scrape_configs[0]!;

/** Stages at every depth: match stages nest their own. */
function flatStages(stages: Stage[]): Stage[] {
  return stages.flatMap((s) => {
    const nested = (s.match as { stages?: Stage[] } | undefined)?.stages ?? [];
    return [s, ...flatStages(nested)];
  });
}
const stages = flatStages(scrape.pipeline_stages);
const stageOf = <T>(name: string): T[] => stages.filter((s) => name in s).map((s) => s[name] as T);

/**
 * The labels a DhakaCart log stream ends up with: targets of relabel_configs, plus the labels stages,
 * minus labeldrop. Every one becomes part of Loki's stream index.
 */
function streamLabels(): string[] {
  const labels = new Set(
    scrape.relabel_configs.flatMap((r) =>
      r.target_label && !r.target_label.startsWith('__') ? [r.target_label] : [],
    ),
  );
  for (const l of stageOf<Record<string, unknown>>('labels')) for (const k of Object.keys(l)) labels.add(k);
  for (const dropped of stageOf<string[]>('labeldrop').flat()) labels.delete(dropped);
  return [...labels].sort();
}

describe('Promtail configuration k8s/monitoring/logging/promtail.yaml', () => {
  it("runs per node and reads only the dhakacart pods' logs", () => {
    const sd = scrape.kubernetes_sd_configs[0]!;
    expect(sd.role).toBe('pod');
    expect(sd.namespaces?.names).toEqual(['dhakacart']);
    expect(sd.selectors?.[0]?.field).toBe('spec.nodeName=${HOSTNAME}');
    expect(scrape.relabel_configs).toContainEqual(
      expect.objectContaining({
        action: 'keep',
        regex: 'dhakacart',
        source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_part_of'],
      }),
    );
    const path = scrape.relabel_configs.find((r) => r.target_label === '__path__');
    expect(path?.replacement).toMatch(/^\/var\/log\/pods\//);
  });

  it('indexes only bounded labels: namespace, app, container, level', () => {
    expect(streamLabels()).toEqual(['app', 'container', 'level', 'namespace']);
  });

  it("parses the backend's pino JSON: level becomes a label, reqId and pod structured metadata", () => {
    const json = stageOf<{ expressions: Record<string, string> }>('json')[0];
    expect(json?.expressions).toMatchObject({ level: 'level', time: 'time' });
    expect(json?.expressions.reqId).toContain('reqId');
    const metadata = stageOf<Record<string, unknown>>('structured_metadata').flatMap((m) => Object.keys(m));
    expect(metadata.sort()).toEqual(['pod', 'reqId']);
    expect(stageOf<{ source: string; format: string }>('timestamp')[0]).toMatchObject({
      source: 'time',
      format: 'UnixMs',
    });
  });

  it('sends to the Loki port that loki.yaml listens on', () => {
    const server = loki.server as { http_listen_port: number };
    expect(promtail.clients[0]?.url).toMatch(new RegExp(`:${server.http_listen_port}/loki/api/v1/push\\}?$`));
  });
});

// Promtail's template stage is Go's text/template with the value under `.Value`; run the level
// mapping through the real Go engine rather than re-reading its text.
const go = findTool('go', 'https://go.dev/doc/install');
if (go.skipReason) console.warn(go.skipReason);

describe.skipIf(!!go.skipReason)('Promtail level template (Go text/template)', () => {
  it('turns pino numeric levels into names and keeps names as they are', () => {
    const template = stageOf<{ source: string; template: string }>('template').find(
      (t) => t.source === 'level',
    );
    expect(template, 'no template stage for level').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'dhakacart-promtail-template-'));
    try {
      writeFileSync(
        join(dir, 'main.go'),
        [
          'package main',
          'import ("fmt"; "os"; "text/template")',
          'func main() {',
          '  t := template.Must(template.New("level").Parse(os.Args[1]))',
          '  for _, v := range os.Args[2:] {',
          '    if err := t.Execute(os.Stdout, map[string]interface{}{"Value": v}); err != nil { panic(err) }',
          '    fmt.Println()',
          '  }',
          '}',
        ].join('\n'),
      );
      const out = execFileSync(
        go.path!,
        ['run', 'main.go', template!.template, '10', '20', '30', '40', '50', '60', 'warn'],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(out.trim().split('\n')).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'warn']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Loki configuration k8s/monitoring/logging/loki.yaml', () => {
  it('deletes logs after 31 days through the compactor', () => {
    expect(loki.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem' });
    expect(loki.limits_config?.retention_period).toBe('744h');
  });

  it('accepts the structured metadata Promtail sends (tsdb, schema v13)', () => {
    const schemas = (loki.schema_config as unknown as { configs: { store: string; schema: string }[] })
      .configs;
    expect(schemas.at(-1)).toMatchObject({ store: 'tsdb', schema: 'v13' });
    expect(loki.limits_config?.allow_structured_metadata).toBe(true);
  });
});
