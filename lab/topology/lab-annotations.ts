import { access } from 'node:fs/promises';
import path from 'node:path';
import type { FieldPath, ManifestDocument } from './manifest-document.js';
import type { LocalRunSpec } from './model.js';
import type { ContainerInput } from './pod-schemas.js';
import type { ProblemList } from './problem-list.js';

/** The lab's pod-template annotations (k8s/README.md, "Lab annotations"), with an example value each. */
export const LAB_PREFIX = 'lab.dhakacart.dev/';
export const LAB_ANNOTATIONS_DOC = 'see k8s/README.md, Lab annotations';

const POD_ANNOTATIONS = {
  container: { required: true, example: '<container name>' },
  'local-command': { required: true, example: `'["node", "--import", "tsx", "app/backend/src/server.ts"]'` },
  'port-env': { required: true, example: 'PORT' },
  'host-env': { required: true, example: 'HOST' },
  'service-env': { required: false, example: 'DATABASE_URL' },
} as const;
type PodAnnotation = keyof typeof POD_ANNOTATIONS;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Arguments that name a script the command runs; each must exist in the checkout. */
const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export const ANNOTATIONS_PATH = ['spec', 'template', 'metadata', 'annotations'] as const;
const at = (key: string): FieldPath => [...ANNOTATIONS_PATH, `${LAB_PREFIX}${key}`];

/** What the annotations say: which container the lab runs, and how (undefined where they are broken). */
export interface PodAnnotations {
  containerIndex: number | undefined;
  local: LocalRunSpec | undefined;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function parseCommand(
  value: string,
  repoRoot: string,
  report: (message: string) => void,
): Promise<string[] | undefined> {
  let argv: unknown;
  try {
    argv = JSON.parse(value);
  } catch {
    argv = undefined;
  }
  if (
    !Array.isArray(argv) ||
    argv.length === 0 ||
    !argv.every((a) => typeof a === 'string' && a.length > 0)
  ) {
    report(
      `expected a JSON array of non-empty strings (argv, no shell), e.g. ["node", "--import", "tsx", "app/x.ts"], got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  let ok = true;
  for (const arg of (argv as string[]).filter((a) => SCRIPT.test(a))) {
    if (!(await exists(path.resolve(repoRoot, arg)))) {
      report(
        `runs ${arg}, which does not exist in the repository (${repoRoot}); commands run from the repository root`,
      );
      ok = false;
    }
  }
  return ok ? (argv as string[]) : undefined;
}

/**
 * Reads and checks the lab.dhakacart.dev/ pod-template annotations of one Deployment: required ones
 * present, unknown ones named, the container existing, the command parseable and its scripts present.
 */
export async function readPodAnnotations(
  document: ManifestDocument,
  annotations: Readonly<Record<string, string>>,
  containers: readonly ContainerInput[],
  repoRoot: string,
  problems: ProblemList,
): Promise<PodAnnotations> {
  const known = Object.keys(POD_ANNOTATIONS);
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(LAB_PREFIX)) continue;
    const name = key.slice(LAB_PREFIX.length);
    if (name in POD_ANNOTATIONS) found.set(name, value);
    else
      problems.at(
        document,
        at(name),
        `unknown lab annotation; known: ${known.map((k) => LAB_PREFIX + k).join(', ')}`,
        LAB_ANNOTATIONS_DOC,
      );
  }
  for (const [name, { required, example }] of Object.entries(POD_ANNOTATIONS)) {
    if (required && !found.has(name)) {
      problems.at(
        document,
        at(name),
        `missing; the lab's local profile needs ${LAB_PREFIX}${name} to run this Deployment's pods`,
        `add ${LAB_PREFIX}${name}: ${example} under spec.template.metadata.annotations; ${LAB_ANNOTATIONS_DOC}`,
      );
    }
  }
  const report = (name: PodAnnotation) => (message: string) =>
    problems.at(document, at(name), message, LAB_ANNOTATIONS_DOC);

  const containerName = found.get('container');
  let containerIndex =
    containerName === undefined ? undefined : containers.findIndex((c) => c.name === containerName);
  if (containerIndex === -1) {
    report('container')(
      `names "${containerName}", which is not a container of the pod (containers: ${containers.map((c) => c.name).join(', ')})`,
    );
    containerIndex = undefined;
  }
  // Without a usable annotation, a single container is still checked, so one run reports its problems too.
  if (containerName === undefined && containers.length === 1) containerIndex = 0;

  const commandText = found.get('local-command');
  const command =
    commandText === undefined
      ? undefined
      : await parseCommand(commandText, repoRoot, report('local-command'));
  const envName = (name: 'port-env' | 'host-env'): string | undefined => {
    const value = found.get(name);
    if (value !== undefined && !ENV_NAME.test(value))
      report(name)(
        `expected an env var name such as ${POD_ANNOTATIONS[name].example}, got ${JSON.stringify(value)}`,
      );
    return value !== undefined && ENV_NAME.test(value) ? value : undefined;
  };
  const portEnv = envName('port-env');
  const hostEnv = envName('host-env');
  const serviceEnv = (found.get('service-env') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of serviceEnv.filter((n) => !ENV_NAME.test(n))) {
    report('service-env')(
      `lists ${JSON.stringify(name)}; expected a comma list of env var names such as DATABASE_URL`,
    );
  }

  const local =
    command && portEnv && hostEnv && serviceEnv.every((n) => ENV_NAME.test(n))
      ? { command, portEnv, hostEnv, serviceEnv }
      : undefined;
  return { containerIndex, local };
}

/**
 * The container's own value for port-env must be one of its containerPorts: that is how a named
 * probe port (`http`) maps to the loopback port the lab gives the pod.
 */
export function checkPortEnv(
  document: ManifestDocument,
  local: LocalRunSpec,
  env: Readonly<Record<string, string>>,
  container: ContainerInput,
  problems: ProblemList,
): void {
  const value = env[local.portEnv];
  if (value === undefined) return;
  const ports = container.ports.map((p) => p.containerPort);
  if (!ports.includes(Number(value))) {
    problems.at(
      document,
      at('port-env'),
      `${local.portEnv} is ${JSON.stringify(value)} in the container's env; expected one of its containerPorts (${ports.join(', ') || 'none'})`,
      LAB_ANNOTATIONS_DOC,
    );
  }
}
