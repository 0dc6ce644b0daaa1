import type { TerraformTree } from './hcl.js';
import { blocks } from './hcl.js';
import type { ResourceRef } from './stack.js';
import { referencedVariables, refersTo, resolve, traceResources } from './stack.js';

/**
 * Why a subnet is not private, or [] when it is: it must not hand out public IPs, must have a
 * route table, and none of its routes may lead to the internet gateway.
 */
export function publicExposureOf(tree: TerraformTree, subnet: ResourceRef): string[] {
  const { instance, resource } = subnet;
  const problems: string[] = [];
  const mapsPublicIps = resolve(tree, instance, resource.body.map_public_ip_on_launch);
  if (!mapsPublicIps.known || mapsPublicIps.value !== false) {
    problems.push(`${resource.type}.${resource.name} must set map_public_ip_on_launch = false`);
  }

  const associations = instance.module.resources.filter(
    (r) =>
      r.type === 'aws_route_table_association' &&
      (refersTo(instance, r.body.subnet_id, resource.type, resource.name) ||
        refersTo(instance, r.body.for_each, resource.type, resource.name)),
  );
  if (associations.length === 0)
    problems.push(`${resource.type}.${resource.name} has no route table association`);

  const tables = associations.flatMap((a) =>
    traceResources(tree, instance, a.body.route_table_id).filter(
      (t) => t.resource.type === 'aws_route_table',
    ),
  );
  for (const table of tables) {
    const name = table.resource.name;
    const separateRoutes = instance.module.resources
      .filter(
        (r) => r.type === 'aws_route' && refersTo(instance, r.body.route_table_id, 'aws_route_table', name),
      )
      .map((r) => ({ label: `aws_route.${r.name}`, body: r.body }));
    const inlineRoutes = blocks(table.resource.body, 'route').map((body) => ({
      label: `aws_route_table.${name} route`,
      body,
    }));
    for (const route of [...separateRoutes, ...inlineRoutes]) {
      const targets = traceResources(tree, instance, route.body.gateway_id);
      if (targets.some((t) => t.resource.type === 'aws_internet_gateway')) {
        problems.push(
          `${route.label} sends ${resource.type}.${resource.name}'s traffic to the internet gateway`,
        );
      }
    }
  }
  return problems;
}

/** The availability zones a subnet resource is repeated over (its for_each/count variable, defaults applied). */
export function zonesOf(
  tree: TerraformTree,
  subnet: ResourceRef,
): { variable: string; zones: string[] } | undefined {
  const { instance, resource } = subnet;
  const repeat = resource.body.for_each ?? resource.body.count;
  for (const variable of referencedVariables(instance, repeat)) {
    const value = resolve(tree, instance, `\${var.${variable}}`);
    if (value.known && Array.isArray(value.value) && value.value.every((z) => typeof z === 'string')) {
      return { variable, zones: value.value as string[] };
    }
  }
  return undefined;
}
