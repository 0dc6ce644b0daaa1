import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HclBody } from './support/hcl.js';
import { loadTerraformTree } from './support/hcl.js';
import { instantiate, localSourceDir } from './support/stack.js';

const tree = await loadTerraformTree();
const modules = [...tree.modules.values()];
const root = tree.modules.get('.')!;

/** Does a version constraint stop at the next major version? ("~> 5.100", ">= 5.100.0, < 6.0.0") */
const boundsMajor = (constraint: string): boolean =>
  /~>\s*\d+\.\d+/.test(constraint) || (/>=?\s*\d/.test(constraint) && /<\s*\d/.test(constraint));

describe('module layout', () => {
  it('has a root module and the network, cluster, database, backups and secrets modules', () => {
    expect([...tree.modules.keys()]).toEqual(
      expect.arrayContaining([
        '.',
        'modules/network',
        'modules/cluster',
        'modules/database',
        'modules/backups',
        'modules/secrets',
      ]),
    );
  });

  it('gives every module its own versions.tf, variables.tf and outputs.tf', () => {
    const missing = modules.flatMap((m) =>
      ['versions.tf', 'variables.tf', 'outputs.tf']
        .map((f) => (m.dir === '.' ? f : `${m.dir}/${f}`))
        .filter((f) => !m.files.includes(f)),
    );
    expect(missing).toEqual([]);
  });
});

describe('version pinning', () => {
  it.each(modules.map((m) => [m.dir, m] as const))(
    '%s pins terraform and every provider to a major version',
    (_, m) => {
      const settings = m.settings.map((s) => s.body);
      const required = settings.map((s) => s.required_version).find((v) => typeof v === 'string') as
        string | undefined;
      expect(required, `${m.dir}: required_version`).toBeDefined();
      expect(
        boundsMajor(required!),
        `${m.dir}: required_version "${required}" must stop before the next major`,
      ).toBe(true);

      const providers = settings.flatMap((s) => (s.required_providers as HclBody[] | undefined) ?? []);
      const entries = providers.flatMap((p) => Object.entries(p) as [string, HclBody][]);
      expect(entries.length, `${m.dir}: required_providers`).toBeGreaterThan(0);
      for (const [name, spec] of entries) {
        expect(spec.source, `${m.dir}: provider ${name} source`).toMatch(/^hashicorp\//);
        expect(
          boundsMajor(String(spec.version)),
          `${m.dir}: provider ${name} version "${String(spec.version)}"`,
        ).toBe(true);
      }
      const used = new Set(m.resources.concat(m.data, m.ephemerals).map((r) => r.type.split('_')[0]));
      for (const prefix of used)
        expect(
          entries.map(([n]) => n),
          `${m.dir} uses ${prefix}_* resources`,
        ).toContain(prefix);
    },
  );

  it('pins every module source: local paths, or a registry version / git ref', () => {
    const calls = modules.flatMap((m) => [...m.moduleCalls.values()].map((c) => ({ m, c })));
    const unpinned = calls
      .filter(({ m, c }) => {
        const source = String(c.body.source);
        if (localSourceDir(m.dir, source) !== undefined)
          return !tree.modules.has(localSourceDir(m.dir, source)!);
        if (source.startsWith('git::') || source.includes('github.com')) return !/[?&]ref=/.test(source);
        return typeof c.body.version !== 'string';
      })
      .map(({ c }) => `${c.file}: module "${c.name}" source ${String(c.body.source)}`);
    expect(unpinned).toEqual([]);
  });

  it('locks the exact provider build in .terraform.lock.hcl for terraform init -lockfile=readonly', () => {
    const lock = readFileSync(`${tree.root}/.terraform.lock.hcl`, 'utf8');
    expect(lock).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+= "5\.\d+\.\d+"/);
    expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
    expect(lock).toMatch(/"zh:[0-9a-f]{64}"/);
  });
});

describe('variables', () => {
  const all = modules.flatMap((m) => [...m.variables.values()]);

  it('all have a description and a type', () => {
    const incomplete = all
      .filter(
        (v) =>
          typeof v.body.description !== 'string' || v.body.description.trim().length < 10 || !v.body.type,
      )
      .map((v) => `${v.file}: variable "${v.name}"`);
    expect(incomplete).toEqual([]);
  });

  it('every validation explains itself with an error message', () => {
    const silent = all.flatMap((v) =>
      ((v.body.validation as HclBody[] | undefined) ?? [])
        .filter((rule) => typeof rule.error_message !== 'string' || rule.error_message.length < 20)
        .map(() => `${v.file}: variable "${v.name}"`),
    );
    expect(silent).toEqual([]);
  });

  it('region defaults to ap-southeast-1, is validated, and configures the AWS provider and the state backend', () => {
    const region = root.variables.get('region')!;
    expect(region.body.default).toBe('ap-southeast-1');
    expect((region.body.validation as HclBody[]).length).toBeGreaterThan(0);
    const aws = root.providers.filter((p) => p.name === 'aws');
    expect(aws.map((p) => p.body.region)).toEqual(['${var.region}']);
    const backend = root.settings.map((s) => s.body.backend).find(Boolean) as
      Record<string, HclBody[]> | undefined;
    expect(backend?.s3?.[0]).toMatchObject({ region: 'ap-southeast-1', encrypt: true, use_lockfile: true });
    expect(
      backend?.s3?.[0]?.bucket,
      'the bucket comes from -backend-config (partial configuration)',
    ).toBeUndefined();
  });
});

describe('README.md', () => {
  it('documents every input and output of the root module', () => {
    const readme = readFileSync(`${tree.root}/README.md`, 'utf8');
    const names = [...root.variables.keys(), ...root.outputs.keys()];
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('module wiring', () => {
  const instances = instantiate(tree);

  it('reaches every module from the root', () => {
    const reached = new Set(instances.map((i) => i.module.dir));
    expect(modules.map((m) => m.dir).filter((d) => !reached.has(d))).toEqual([]);
  });

  it('passes only declared variables, and every variable without a default', () => {
    const problems = instances.flatMap((i) => {
      if (!i.parent) return [];
      const passed = Object.keys(i.args).filter(
        (k) => !['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(k),
      );
      const unknown = passed
        .filter((k) => !i.module.variables.has(k))
        .map((k) => `${i.address}: unknown argument ${k}`);
      const missing = [...i.module.variables.values()]
        .filter((v) => !('default' in v.body) && !passed.includes(v.name))
        .map((v) => `${i.address}: missing required ${v.name}`);
      return [...unknown, ...missing];
    });
    expect(problems).toEqual([]);
  });

  it('refers only to outputs the called modules declare', () => {
    const problems = instances.flatMap((i) => {
      const text = JSON.stringify(
        [...i.module.outputs.values(), ...i.module.moduleCalls.values(), ...i.module.resources].map(
          (b) => b.body,
        ),
      );
      return [...text.matchAll(/module\.([A-Za-z0-9_-]+)(?:\[\d+\]|\[\*\])?\.([A-Za-z0-9_-]+)/g)]
        .filter(([, call, output]) => {
          const source = i.module.moduleCalls.get(call!)?.body.source;
          const dir = typeof source === 'string' ? localSourceDir(i.module.dir, source) : undefined;
          return !dir || !tree.modules.get(dir)?.outputs.has(output!);
        })
        .map(([ref]) => `${i.address}: ${ref}`);
    });
    expect(problems).toEqual([]);
  });
});
