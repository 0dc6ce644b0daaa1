import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IContainer, ISecret } from 'kubernetes-models/v1';
import { REPO_ROOT, objectName, type KubeObject } from './manifests.js';
import { namespaceOf, type ManifestSet } from './objects.js';

/**
 * The lab.dhakacart.dev/ annotations (k8s/README.md, "Lab annotations"): how the lab's `local`
 * profile runs a Deployment's pods as processes, read from the manifests themselves.
 */
export const LAB_PREFIX = 'lab.dhakacart.dev/';

/** Pod-template annotations; `required` ones must be on every Deployment. */
export const POD_ANNOTATIONS = {
  container: { required: true },
  'local-command': { required: true },
  'port-env': { required: true },
  'host-env': { required: true },
  'service-env': { required: false },
} as const;

/** Service annotations, with the values the lab understands. */
export const SERVICE_ANNOTATIONS = { 'provided-by': ['database-proxy'] } as const;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

function labAnnotations(annotations: Record<string, string> | undefined): Map<string, string> {
  return new Map(
    Object.entries(annotations ?? {})
      .filter(([key]) => key.startsWith(LAB_PREFIX))
      .map(([key, value]) => [key.slice(LAB_PREFIX.length), value]),
  );
}

/** Parses local-command: a JSON array of non-empty strings (argv, no shell), run from the repo root. */
export function parseLocalCommand(value: string): string[] {
  let argv: unknown;
  try {
    argv = JSON.parse(value);
  } catch {
    throw new Error(`is not JSON; expected an argv array such as ["node", "--import", "tsx", "app/x.ts"]`);
  }
  if (
    !Array.isArray(argv) ||
    argv.length === 0 ||
    !argv.every((a) => typeof a === 'string' && a.length > 0)
  ) {
    throw new Error(`must be a non-empty JSON array of non-empty strings, got ${value}`);
  }
  return argv as string[];
}

/** The value a container's env var gets, following secretKeyRef into Secrets of the same set. */
function resolveEnv(
  set: ManifestSet,
  owner: KubeObject,
  container: IContainer,
  name: string,
): string | undefined {
  const entry = container.env?.find((e) => e.name === name);
  if (entry?.value !== undefined) return entry.value;
  const ref = entry?.valueFrom?.secretKeyRef;
  if (!ref) return undefined;
  const secret = set.all.find(
    (o) => o.kind === 'Secret' && o.metadata?.name === ref.name && namespaceOf(o) === namespaceOf(owner),
  ) as (ISecret & KubeObject) | undefined;
  const encoded = secret?.data?.[ref.key];
  return (
    secret?.stringData?.[ref.key] ?? (encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined)
  );
}

function podAnnotationProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const deployment of set.deployments) {
    const who = objectName(deployment);
    const pod = deployment.spec?.template;
    const found = labAnnotations(pod?.metadata?.annotations);
    for (const key of found.keys()) {
      if (!(key in POD_ANNOTATIONS)) {
        problems.push(
          `${who}: unknown annotation ${LAB_PREFIX}${key}; known: ${Object.keys(POD_ANNOTATIONS).join(', ')}`,
        );
      }
    }
    for (const [key, { required }] of Object.entries(POD_ANNOTATIONS)) {
      if (required && !found.has(key)) problems.push(`${who}: pod template lacks ${LAB_PREFIX}${key}`);
    }

    const container = pod?.spec?.containers.find((c) => c.name === found.get('container'));
    if (found.has('container') && !container) {
      problems.push(
        `${who}: ${LAB_PREFIX}container names "${found.get('container')}", which is not a container of the pod`,
      );
    }
    if (!container) continue;

    const command = found.get('local-command');
    if (command !== undefined) {
      try {
        for (const arg of parseLocalCommand(command).filter((a) => /\.[cm]?[jt]s$/.test(a))) {
          if (!existsSync(path.join(REPO_ROOT, arg))) {
            problems.push(
              `${who}: ${LAB_PREFIX}local-command runs ${arg}, which does not exist in the repository`,
            );
          }
        }
      } catch (error) {
        problems.push(`${who}: ${LAB_PREFIX}local-command ${(error as Error).message}`);
      }
    }

    const portEnv = found.get('port-env');
    if (portEnv !== undefined) {
      const value = Number(container.env?.find((e) => e.name === portEnv)?.value);
      if (!ENV_NAME.test(portEnv) || !(container.ports ?? []).some((p) => p.containerPort === value)) {
        problems.push(
          `${who}: ${LAB_PREFIX}port-env is "${portEnv}"; expected an env var the container sets to one of its ` +
            `containerPorts (${(container.ports ?? []).map((p) => p.containerPort).join(', ')})`,
        );
      }
    }

    const hostEnv = found.get('host-env');
    if (
      hostEnv !== undefined &&
      (!ENV_NAME.test(hostEnv) || !container.env?.some((e) => e.name === hostEnv))
    ) {
      problems.push(`${who}: ${LAB_PREFIX}host-env is "${hostEnv}"; expected an env var the container sets`);
    }

    const serviceEnv = found.get('service-env');
    for (const name of serviceEnv?.split(',').map((s) => s.trim()) ?? []) {
      if (!ENV_NAME.test(name) || !container.env?.some((e) => e.name === name)) {
        problems.push(`${who}: ${LAB_PREFIX}service-env lists "${name}", which the container does not set`);
        continue;
      }
      // Where the value is visible (a plain value, or a Secret in this set), its host must be a Service.
      const value = resolveEnv(set, deployment, container, name);
      if (value === undefined) continue;
      const host = URL.canParse(value) ? new URL(value).hostname.split('.')[0] : undefined;
      if (
        !set.services.some((s) => s.metadata?.name === host && namespaceOf(s) === namespaceOf(deployment))
      ) {
        problems.push(
          `${who}: ${name} points at host "${host}", which is not a Service in ${namespaceOf(deployment)}`,
        );
      }
    }
  }
  return problems;
}

function serviceAnnotationProblems(set: ManifestSet): string[] {
  const problems: string[] = [];
  for (const service of set.services) {
    for (const [key, value] of labAnnotations(service.metadata?.annotations)) {
      const allowed = (SERVICE_ANNOTATIONS as Record<string, readonly string[]>)[key];
      if (!allowed) {
        problems.push(
          `${objectName(service)}: unknown annotation ${LAB_PREFIX}${key}; known: ${Object.keys(SERVICE_ANNOTATIONS).join(', ')}`,
        );
      } else if (!allowed.includes(value)) {
        problems.push(
          `${objectName(service)}: ${LAB_PREFIX}${key} is "${value}"; allowed: ${allowed.join(', ')}`,
        );
      } else if (service.spec?.selector && Object.keys(service.spec.selector).length > 0) {
        problems.push(`${objectName(service)}: ${LAB_PREFIX}${key} is only for Services without a selector`);
      }
    }
  }
  return problems;
}

export function labAnnotationProblems(set: ManifestSet): string[] {
  return [...podAnnotationProblems(set), ...serviceAnnotationProblems(set)];
}
