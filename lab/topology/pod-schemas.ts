import { z } from 'zod';
import {
  cpuQuantity,
  expected,
  listOf,
  memoryQuantity,
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
 * The parts of a pod template the lab reads, with Kubernetes' defaults for omitted fields. Fields the
 * lab does not use (securityContext, affinity, volumes, ...) pass unchecked: k8s/test/schema.test.ts
 * validates them against the full Kubernetes schemas.
 */

const httpGet = strictFields(
  {
    path: text.default('/'),
    port: portRef,
    scheme: z.enum(['HTTP', 'HTTPS'], expected('HTTP or HTTPS')).default('HTTP'),
    host: z.unknown().optional(),
    httpHeaders: z.unknown().optional(),
  },
  'a mapping with port',
);
const tcpSocket = strictFields({ port: portRef, host: z.unknown().optional() }, 'a mapping with port');

/** Kubernetes' probe defaults: initial delay 0, period 10 s, timeout 1 s, success 1, failure 3. */
export const probeSchema = strictFields(
  {
    httpGet: httpGet.optional(),
    tcpSocket: tcpSocket.optional(),
    exec: z.unknown().optional(),
    grpc: z.unknown().optional(),
    initialDelaySeconds: nonNegativeInt.default(0),
    periodSeconds: positiveInt.default(10),
    timeoutSeconds: positiveInt.default(1),
    successThreshold: positiveInt.default(1),
    failureThreshold: positiveInt.default(3),
    terminationGracePeriodSeconds: z.unknown().optional(),
  },
  'a probe (a mapping)',
);
export type ProbeInput = z.infer<typeof probeSchema>;

export const lifecycleHandlerSchema = strictFields(
  {
    sleep: strictFields({ seconds: nonNegativeInt }, 'a mapping with seconds').optional(),
    httpGet: httpGet.optional(),
    exec: z.unknown().optional(),
    tcpSocket: z.unknown().optional(),
  },
  'a lifecycle handler (a mapping)',
);
export type LifecycleHandlerInput = z.infer<typeof lifecycleHandlerSchema>;

const keyRef = z.object(
  { name: objectName, key: nonEmptyText, optional: z.boolean(expected('true or false')).default(false) },
  expected('a mapping with name and key'),
);
export type KeyRefInput = z.infer<typeof keyRef>;

const envVar = z.object(
  {
    name: nonEmptyText,
    value: text.optional(),
    valueFrom: z
      .object(
        {
          secretKeyRef: keyRef.optional(),
          configMapKeyRef: keyRef.optional(),
          fieldRef: z.unknown().optional(),
          resourceFieldRef: z.unknown().optional(),
        },
        expected('a mapping'),
      )
      .optional(),
  },
  expected('an env entry with name'),
);
export type EnvVarInput = z.infer<typeof envVar>;

const objectRef = z.object(
  { name: objectName, optional: z.boolean(expected('true or false')).default(false) },
  expected('a mapping with name'),
);
const envFromSource = z.object(
  { prefix: text.default(''), configMapRef: objectRef.optional(), secretRef: objectRef.optional() },
  expected('an envFrom entry'),
);
export type EnvFromInput = z.infer<typeof envFromSource>;

const resourceAmounts = z
  .object({ cpu: cpuQuantity.optional(), memory: memoryQuantity.optional() }, expected('a mapping'))
  .default({});

export const containerSchema = z.object(
  {
    name: objectName,
    image: nonEmptyText,
    ports: listOf(
      z.object(
        { name: nonEmptyText.optional(), containerPort: portNumber },
        expected('a port with containerPort'),
      ),
      'ports',
    ).default([]),
    env: listOf(envVar, 'env entries').default([]),
    envFrom: listOf(envFromSource, 'envFrom entries').default([]),
    resources: z
      .object({ requests: resourceAmounts, limits: resourceAmounts }, expected('a mapping'))
      .default({ requests: {}, limits: {} }),
    startupProbe: probeSchema.optional(),
    readinessProbe: probeSchema.optional(),
    livenessProbe: probeSchema.optional(),
    lifecycle: z.object({ preStop: lifecycleHandlerSchema.optional() }, expected('a mapping')).optional(),
  },
  expected('a container with name and image'),
);
export type ContainerInput = z.infer<typeof containerSchema>;

export const podTemplateSchema = z.object(
  {
    metadata: z.object(
      { labels: stringMap, annotations: stringMap.default({}) },
      expected('a mapping with labels'),
    ),
    spec: z.object(
      {
        terminationGracePeriodSeconds: nonNegativeInt.default(30),
        containers: listOf(containerSchema, 'containers').min(1, expected('at least one container')),
      },
      expected('a pod spec with containers'),
    ),
  },
  expected('a pod template with metadata and spec'),
);
