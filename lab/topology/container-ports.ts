import type { FieldPath, ManifestDocument } from './manifest-document.js';
import type { ContainerInput } from './pod-schemas.js';
import type { ProblemList } from './problem-list.js';

/** A container, where it sits in its document, and where to report problems with it. */
export interface ContainerContext {
  document: ManifestDocument;
  containerPath: FieldPath;
  container: ContainerInput;
  problems: ProblemList;
}

const declared = (container: ContainerInput): string =>
  container.ports
    .map((p) => (p.name ? `${p.name}=${p.containerPort}` : String(p.containerPort)))
    .join(', ') || 'none';

/**
 * A port reference (probe, preStop, Service targetPort) as a declared container port number. A name
 * is looked up among the container's ports; a number must be one of them too, because the lab runs
 * each pod on its own loopback port and can only map a port the container declares to it.
 */
export function resolveContainerPort(
  ref: number | string,
  path: FieldPath,
  context: ContainerContext,
  problemDocument: ManifestDocument = context.document,
): number | undefined {
  const { container } = context;
  const port =
    typeof ref === 'number'
      ? container.ports.find((p) => p.containerPort === ref)
      : container.ports.find((p) => p.name === ref);
  if (!port) {
    const what = typeof ref === 'number' ? `port ${ref}` : `port name "${ref}"`;
    context.problems.at(
      problemDocument,
      path,
      `${what} is not a port of container "${container.name}" (its ports: ${declared(container)})`,
      "name a port listed under the container's ports",
    );
    return undefined;
  }
  return port.containerPort;
}
