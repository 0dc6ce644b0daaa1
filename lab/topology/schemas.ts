import { z } from 'zod';
import { podTemplateSchema } from './pod-schemas.js';
import {
  expected,
  intOrPercent,
  labelSelector,
  listOf,
  metadata,
  nonEmptyText,
  nonNegativeInt,
  objectName,
  portNumber,
  portRef,
  positiveInt,
  strictFields,
  stringMap,
  text,
} from './schema-helpers.js';

/**
 * zod schemas for the kinds the lab runs, one per kind, keyed by kind with the apiVersion each is
 * written for. Defaults are Kubernetes' own where the lab needs a value the manifest may leave out.
 */

const deployment = z.object({
  metadata,
  spec: z.object(
    {
      replicas: nonNegativeInt.default(1),
      selector: labelSelector,
      strategy: strictFields(
        {
          type: z
            .enum(['RollingUpdate', 'Recreate'], expected('RollingUpdate or Recreate'))
            .default('RollingUpdate'),
          rollingUpdate: strictFields(
            { maxSurge: intOrPercent.default('25%'), maxUnavailable: intOrPercent.default('25%') },
            'a mapping',
          ).optional(),
        },
        'a mapping',
      ).default({ type: 'RollingUpdate' }),
      minReadySeconds: nonNegativeInt.default(0),
      progressDeadlineSeconds: positiveInt.default(600),
      template: podTemplateSchema,
    },
    expected('a Deployment spec'),
  ),
});
export type DeploymentInput = z.infer<typeof deployment>;

const service = z.object({
  metadata,
  spec: z.object(
    {
      type: z
        .enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], expected('a Service type'))
        .default('ClusterIP'),
      selector: stringMap.optional(),
      ports: listOf(
        z.object(
          {
            name: nonEmptyText.optional(),
            port: portNumber,
            targetPort: portRef.optional(),
            protocol: z.enum(['TCP', 'UDP', 'SCTP'], expected('TCP, UDP or SCTP')).default('TCP'),
          },
          expected('a Service port with port'),
        ),
        'ports',
      ).min(1, expected('at least one port')),
    },
    expected('a Service spec with ports'),
  ),
});
export type ServiceInput = z.infer<typeof service>;

const ingressPath = z.object(
  {
    path: z.string(expected('a path starting with /')).regex(/^\//, expected('a path starting with /')),
    pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific'], expected('Prefix or Exact')),
    backend: z.object(
      {
        service: z.object(
          {
            name: objectName,
            port: z.object(
              { name: nonEmptyText.optional(), number: portNumber.optional() },
              expected('a mapping with name or number'),
            ),
          },
          expected('a mapping with service name and port'),
        ),
      },
      expected('a backend with service (resource backends are not supported)'),
    ),
  },
  expected('a path with path, pathType and backend'),
);
const ingress = z.object({
  metadata,
  spec: z.object(
    {
      defaultBackend: z.unknown().optional(),
      rules: listOf(
        z.object(
          {
            host: text.optional(),
            http: z.object({ paths: listOf(ingressPath, 'paths') }, expected('a mapping with paths')),
          },
          expected('a rule with http'),
        ),
        'rules',
      ),
    },
    expected('an Ingress spec with rules'),
  ),
});
export type IngressInput = z.infer<typeof ingress>;

const scalingRules = strictFields(
  {
    stabilizationWindowSeconds: nonNegativeInt.max(3600, expected('0 to 3600 seconds')).optional(),
    selectPolicy: z.enum(['Max', 'Min', 'Disabled'], expected('Max, Min or Disabled')).optional(),
    policies: listOf(
      strictFields(
        {
          type: z.enum(['Pods', 'Percent'], expected('Pods or Percent')),
          value: positiveInt,
          periodSeconds: positiveInt.max(1800, expected('1 to 1800 seconds')),
        },
        'a policy with type, value and periodSeconds',
      ),
      'policies',
    ).optional(),
  },
  'a mapping',
).optional();
export type ScalingRulesInput = z.infer<typeof scalingRules>;

const autoscaler = z.object({
  metadata,
  spec: z.object(
    {
      scaleTargetRef: z.object(
        { apiVersion: text.optional(), kind: nonEmptyText, name: objectName },
        expected('a mapping with kind and name'),
      ),
      minReplicas: positiveInt.default(1),
      maxReplicas: positiveInt,
      metrics: listOf(
        z.object(
          {
            type: nonEmptyText,
            resource: z
              .object(
                {
                  name: nonEmptyText,
                  target: z.object(
                    { type: nonEmptyText, averageUtilization: positiveInt.optional() },
                    expected('a mapping with type'),
                  ),
                },
                expected('a mapping with name and target'),
              )
              .optional(),
          },
          expected('a metric with type'),
        ),
        'metrics',
      ).default([]),
      behavior: z
        .object({ scaleUp: scalingRules, scaleDown: scalingRules }, expected('a mapping'))
        .default({}),
    },
    expected('a HorizontalPodAutoscaler spec'),
  ),
});
export type AutoscalerInput = z.infer<typeof autoscaler>;

const disruptionBudget = z.object({
  metadata,
  spec: z.object(
    {
      selector: labelSelector,
      minAvailable: intOrPercent.optional(),
      maxUnavailable: intOrPercent.optional(),
    },
    expected('a PodDisruptionBudget spec with selector'),
  ),
});
export type DisruptionBudgetInput = z.infer<typeof disruptionBudget>;

const configMap = z.object({ metadata, data: stringMap.default({}) });
export type ConfigMapInput = z.infer<typeof configMap>;

const base64 = z
  .string(expected('a base64 string'))
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'expected base64 (use stringData for plain text)' });
const secret = z.object({
  metadata,
  data: z.record(z.string(), base64, expected('a mapping of base64 strings')).default({}),
  stringData: stringMap.default({}),
});
export type SecretInput = z.infer<typeof secret>;

/** The kinds the lab runs; any other kind (Namespace, NetworkPolicy, ClusterIssuer, ...) is skipped. */
export const KIND_SCHEMAS = {
  Deployment: { apiVersion: 'apps/v1', schema: deployment },
  Service: { apiVersion: 'v1', schema: service },
  Ingress: { apiVersion: 'networking.k8s.io/v1', schema: ingress },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', schema: autoscaler },
  PodDisruptionBudget: { apiVersion: 'policy/v1', schema: disruptionBudget },
  ConfigMap: { apiVersion: 'v1', schema: configMap },
  Secret: { apiVersion: 'v1', schema: secret },
} as const;

export type RunKind = keyof typeof KIND_SCHEMAS;
