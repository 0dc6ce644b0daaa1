import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadTerraformTree } from './support/hcl.js';
import { describeRef, instantiate, resolve, resourcesOfType } from './support/stack.js';

/**
 * k8s/ isolates the shop with NetworkPolicies; on EKS they are enforced only when the VPC CNI add-on
 * runs its network policy agent (`enableNetworkPolicy`). Without it every policy is accepted and ignored.
 */
const tree = await loadTerraformTree();
const instances = instantiate(tree);
const vpcCni = resourcesOfType(instances, 'aws_eks_addon').filter((a) => {
  const name = resolve(tree, a.instance, a.resource.body.addon_name);
  return name.known && name.value === 'vpc-cni';
});

// configuration_values is `jsonencode({...})`, which the HCL-to-JSON parser keeps as expression text.
// Parsing the object literal inside as HCL gives its value when it is made of constants.
const hcl2json = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(filename: string, contents: string): Promise<{ locals?: Record<string, unknown>[] }>;
};
async function jsonencodedObject(expression: unknown): Promise<unknown> {
  const inner = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(String(expression))?.[1];
  if (inner === undefined) return `not a jsonencode(...) expression: ${String(expression)}`;
  const parsed = await hcl2json.parse('configuration_values.tf', `locals {\n  value = ${inner}\n}\n`);
  return parsed.locals?.[0]?.value;
}

describe('VPC CNI add-on', () => {
  it('exists exactly once', () => {
    expect(vpcCni.map(describeRef)).toHaveLength(1);
  });

  it.each(vpcCni.map((a) => [describeRef(a), a] as const))(
    '%s enables the network policy agent, so NetworkPolicies are enforced',
    async (_, addon) => {
      const configuration = await jsonencodedObject(addon.resource.body.configuration_values);
      // The add-on's schema takes the flag as the string "true", not a boolean.
      expect(configuration).toMatchObject({ enableNetworkPolicy: 'true' });
    },
  );
});
