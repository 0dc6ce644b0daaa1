import { z } from 'zod';
import { builtinToxics } from '../toxiproxy/toxics/registry.js';
import {
  linkNames,
  type FailoverResult,
  type KillAllButOneResult,
  type LabStatus,
  type LinkName,
  type PodTarget,
  type RolloutChange,
  type RolloutResult,
} from './lab-controller.js';

/**
 * The control API's wire format, shared by the server (validation) and the client (types). Every
 * request carries `Authorization: Bearer <token>`; errors are `{"error":{"code","message","details"?}}`
 * like the shop's API.
 *
 *   GET    /status                → 200 LabStatus
 *   POST   /faults/pod-kill       {pod} | {deployment}              → 200 {pod}
 *   POST   /faults/pod-pause      {pod} | {deployment}, forMs?      → 200 {pod}
 *   POST   /faults/pod-resume     {pod}                             → 200 {pod, resumed}
 *   POST   /faults/kill-all-but-one {deployment, keep?}             → 200 {killed, survivor}
 *   POST   /deployments/NAME/rollout {version?, env?}               → 200 {from, to, version} (when complete)
 *   POST   /faults/db-failover                                      → 200 FailoverResult
 *   POST   /database/reclone-standby                                → 200 {standby}
 *   POST   /faults/latency        {link, latencyMs, jitterMs?}      → 200 LatencyFault (as applied)
 *   POST   /faults/network        {link, type, attributes?, stream?, toxicity?} → 200 {name}
 *   DELETE /faults[?link=NAME]                                      → 200 {cleared: LinkName[]}
 *   POST   /down                                                    → 202 {stopping: true, runId, pid}
 */
export const maxLatencyMs = 60_000;
/** The longest timed pause (10 min): longer ones are `pod-pause` without `forMs`, then `pod-resume`. */
export const maxPauseMs = 600_000;

const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name: lowercase letters, digits, "-" and "."',
  );

export const podKillBody = z
  .strictObject({ pod: k8sName.optional(), deployment: k8sName.optional() })
  .refine((b) => (b.pod === undefined) !== (b.deployment === undefined), {
    message: 'give exactly one of "pod" (a pod name) or "deployment" (a Deployment name)',
  });

export const podPauseBody = z
  .strictObject({
    pod: k8sName.optional(),
    deployment: k8sName.optional(),
    forMs: z
      .number({ error: 'forMs must be a number of milliseconds' })
      .int('forMs must be a whole number of milliseconds')
      .min(1, 'forMs must be 1 or more')
      .max(maxPauseMs, `forMs must be at most ${maxPauseMs} ms`)
      .optional(),
  })
  .refine((b) => (b.pod === undefined) !== (b.deployment === undefined), {
    message: 'give exactly one of "pod" (a pod name) or "deployment" (a Deployment name)',
  });

export const podResumeBody = z.strictObject({ pod: k8sName });

export const killAllButOneBody = z.strictObject({ deployment: k8sName, keep: k8sName.optional() });

export const rolloutBody = z.strictObject({
  version: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'version must be 1-64 of A-Z a-z 0-9 . _ + -')
    .optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names are letters, digits and _'),
      z.string().max(4096),
    )
    .optional(),
});

const linkName = z.enum(linkNames as [LinkName, ...LinkName[]], {
  error: `must be one of: ${linkNames.join(', ')}`,
});

const milliseconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int(`${what} must be a whole number of milliseconds`)
    .min(0, `${what} must be 0 or more`)
    .max(maxLatencyMs, `${what} must be at most ${maxLatencyMs} ms`);

export const latencyBody = z.strictObject({
  link: linkName,
  latencyMs: milliseconds('latencyMs'),
  jitterMs: milliseconds('jitterMs').default(0),
});

/** The toxic types a lab fault may use (noop is Toxiproxy's test toxic: it changes nothing). */
export const networkFaultTypes = builtinToxics.types().filter((type) => type !== 'noop');

/** A toxic's attribute names, as Toxiproxy's API takes them (e.g. reset_peer: timeout). */
export function toxicAttributeNames(type: string): string[] {
  return Object.keys(builtinToxics.get(type)?.attributes ?? {});
}

export const networkFaultBody = z
  .strictObject({
    link: linkName,
    type: z.enum(networkFaultTypes as [string, ...string[]], {
      error: `must be one of: ${networkFaultTypes.join(', ')}`,
    }),
    attributes: z.record(z.string(), z.number().int().min(0)).default({}),
    stream: z.enum(['upstream', 'downstream']).default('downstream'),
    toxicity: z.number().min(0).max(1).default(1),
  })
  .superRefine((body, ctx) => {
    const allowed = toxicAttributeNames(body.type);
    for (const name of Object.keys(body.attributes)) {
      if (!allowed.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: ['attributes', name],
          message: `${body.type} has no attribute "${name}"; its attributes are: ${allowed.join(', ')}`,
        });
    }
  });

export const clearFaultsQuery = z.strictObject({ link: linkName.optional() });

export interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}
export type StatusResponse = LabStatus;
export type PodKillRequest = PodTarget;
export type PodKillResponse = { pod: string };
export type PodPauseRequest = PodTarget & { forMs?: number };
export type PodPauseResponse = { pod: string };
export type PodResumeResponse = { pod: string; resumed: boolean };
export type KillAllButOneResponse = KillAllButOneResult;
export type RolloutRequest = RolloutChange;
export type RolloutResponse = RolloutResult;
export type FailoverResponse = FailoverResult;
export type ClearFaultsResponse = { cleared: LinkName[] };
export type DownResponse = { stopping: true; runId: string; pid: number };
