import { resolveContainerPort } from './container-ports.js';
import { LAB_ANNOTATIONS_DOC, LAB_PREFIX } from './lab-annotations.js';
import type { ServicePort, ServiceSpec } from './model.js';
import type { Parsed } from './parse-objects.js';
import type { ProblemList } from './problem-list.js';
import type { ResolvedDeployment } from './resolve-deployment.js';
import type { ServiceInput } from './schemas.js';

const PROVIDED_BY = 'provided-by';
const PROVIDERS = ['database-proxy'] as const;

/** True when every label of `selector` is on `labels` (matchLabels semantics). */
export const selects = (
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The lab.dhakacart.dev/provided-by annotation, checked: a known provider, on a selector-less Service. */
function readProvider(
  { document, object }: Parsed<ServiceInput>,
  problems: ProblemList,
): ServiceSpec['providedBy'] {
  let provider: ServiceSpec['providedBy'];
  for (const [key, value] of Object.entries(object.metadata.annotations ?? {})) {
    if (!key.startsWith(LAB_PREFIX)) continue;
    const path = ['metadata', 'annotations', key];
    if (key !== LAB_PREFIX + PROVIDED_BY) {
      problems.at(
        document,
        path,
        `unknown lab annotation on a Service; known: ${LAB_PREFIX}${PROVIDED_BY}`,
        LAB_ANNOTATIONS_DOC,
      );
    } else if (!(PROVIDERS as readonly string[]).includes(value)) {
      problems.at(
        document,
        path,
        `expected one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(value)}`,
        LAB_ANNOTATIONS_DOC,
      );
    } else if (object.spec.selector && Object.keys(object.spec.selector).length > 0) {
      problems.at(
        document,
        path,
        'is only for a Service without a selector (the lab serves it instead of pods)',
        LAB_ANNOTATIONS_DOC,
      );
    } else {
      provider = value as (typeof PROVIDERS)[number];
    }
  }
  return provider;
}

/**
 * One Service: its target ports resolved against the Deployment it selects (a named targetPort is the
 * container port of that name), or, without a selector, served by the lab itself (provided-by).
 */
export function resolveService(
  parsed: Parsed<ServiceInput>,
  deployments: readonly ResolvedDeployment[],
  someDeploymentInvalid: boolean,
  problems: ProblemList,
): ServiceSpec {
  const { document, object } = parsed;
  const name = object.metadata.name;
  const providedBy = readProvider(parsed, problems);
  const selector =
    object.spec.selector && Object.keys(object.spec.selector).length > 0 ? object.spec.selector : undefined;
  const selected = selector ? deployments.filter((d) => selects(selector, d.podLabels)) : [];
  if (selector && selected.length === 0 && !someDeploymentInvalid) {
    problems.at(
      document,
      ['spec', 'selector'],
      "selects no Deployment's pods, so the Service would have no endpoints",
      "make the selector match a Deployment's spec.template.metadata.labels",
    );
  }
  if (!selector && !providedBy) {
    problems.at(
      document,
      ['metadata', 'annotations'],
      'has no selector and no lab annotation saying what serves it, so the lab cannot run it',
      `add a selector, or ${LAB_PREFIX}${PROVIDED_BY}: database-proxy; ${LAB_ANNOTATIONS_DOC}`,
    );
  }

  const ports: ServicePort[] = object.spec.ports.map((port, index) => {
    const path = ['spec', 'ports', index];
    if (port.protocol !== 'TCP')
      problems.at(document, [...path, 'protocol'], `the lab serves TCP only, got ${port.protocol}`);
    const written = port.targetPort ?? port.port;
    const resolved = selected
      .filter((deployment) => deployment.container)
      .map((deployment) =>
        resolveContainerPort(written, [...path, 'targetPort'], deployment.container!, document),
      );
    const targetPort =
      resolved.find((p) => p !== undefined) ?? (typeof written === 'number' ? written : undefined);
    if (typeof written === 'string' && selected.length === 0 && selector === undefined) {
      problems.at(
        document,
        [...path, 'targetPort'],
        `a port name ("${written}") needs a selector to resolve against; expected a number`,
      );
    }
    return { ...(port.name ? { name: port.name } : {}), port: port.port, targetPort: targetPort ?? 0 };
  });

  return {
    name,
    source: { file: document.file, resource: `Service/${name}` },
    ...(selector ? { selector } : {}),
    ports,
    ...(providedBy ? { providedBy } : {}),
  };
}
