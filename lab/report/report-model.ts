import { z } from 'zod';
import { errorKinds } from '../load/request-record.js';

/**
 * report.json: the source of truth of a run (DESIGN.md "Contracts"). Every other report file is a pure
 * function of it. These zod schemas are the one definition: the TypeScript types come from them, and
 * the published JSON Schema (lab/report/report.schema.json) is generated from them, versioned by
 * `schemaVersion`. A change that removes or renames a field needs a new schemaVersion.
 */
export const reportSchemaVersion = 1;

const isoTime = z.string().describe('ISO 8601 time');
const ms = z.number().nonnegative();

export const timelineBucketSchema = z.object({
  /** Bucket start, ms since the run's load started (t0). */
  startMs: z.number(),
  durationMs: z.number().positive(),
  requests: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  failuresByKind: z.partialRecord(
    z.enum(errorKinds as [string, ...string[]]),
    z.number().int().nonnegative(),
  ),
  /**
   * Latency percentiles of the requests scheduled in the bucket (absent when none was sent). Requests
   * count in the bucket they were scheduled in, so a drop or a slow answer lands where it was due.
   */
  p50Ms: ms.optional(),
  p95Ms: ms.optional(),
  p99Ms: ms.optional(),
});

export const resultsSchema = z.object({
  requests: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  /** Successful requests over all requests scheduled (0..1); absent when nothing was scheduled. */
  availability: z.number().min(0).max(1).optional(),
  p50Ms: ms.optional(),
  p95Ms: ms.optional(),
  p99Ms: ms.optional(),
  failedGets: z.number().int().nonnegative(),
  /** Longest time to recover over the run's faults (ms); absent when no fault or none recovered. */
  timeToRecoverMs: ms.optional(),
  /** Share of the error budget (1 - availability target) the run spent; 1 = all of it. */
  errorBudgetSpent: z.number().nonnegative().optional(),
  /** Acknowledged orders that the database no longer holds (RPO, in orders). */
  lostOrders: z.number().int().nonnegative().optional(),
  achievedRps: z.number().nonnegative().optional(),
});

export const phaseSchema = z.object({
  name: z.enum(['before', 'during', 'after']),
  startMs: z.number(),
  endMs: z.number(),
  requests: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  availability: z.number().min(0).max(1).optional(),
  p50Ms: ms.optional(),
  p95Ms: ms.optional(),
  p99Ms: ms.optional(),
});

export const faultSchema = z.object({
  kind: z.string().describe('e.g. pod-kill, db-failover, network-latency'),
  target: z.string().describe('what was hit: a pod name, a database node, a link'),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  injectedAt: isoTime,
  /** Offsets from t0 (ms), so charts can place markers. */
  injectedAtMs: z.number(),
  /** First failed or SLO-breaking request after injection. */
  impactAtMs: z.number().optional(),
  timeToImpactMs: ms.optional(),
  /** When the system noticed: readiness flipped, endpoint removed, failover detected, alert condition true. */
  detectedAtMs: z.number().optional(),
  timeToDetectMs: ms.optional(),
  detectedBy: z.string().optional(),
  /** Start of the first window after which the SLO held for `sustainMs`. */
  recoveredAtMs: z.number().optional(),
  timeToRecoverMs: ms.optional(),
  revertedAtMs: z.number().optional(),
  failedRequests: z.number().int().nonnegative(),
  errorBudgetSpent: z.number().nonnegative().optional(),
});

export const sloResultSchema = z.object({
  /** e.g. availability, p99Ms, failedGets, timeToRecoverMs, lostOrders. */
  name: z.string(),
  description: z.string(),
  /** The comparison, e.g. `>=`, `<=`. */
  op: z.enum(['>=', '<=']),
  target: z.number(),
  actual: z.number().optional(),
  unit: z.string().optional(),
  pass: z.boolean(),
});

export const checkSchema = z.object({
  name: z.string().describe('e.g. acknowledged-orders-exist-once, stock-balances, standby-caught-up'),
  description: z.string(),
  pass: z.boolean(),
  /** What was found, in a sentence a person can act on. */
  detail: z.string(),
  figures: z.record(z.string(), z.number()).optional(),
});

export const steadyStateSchema = z.object({
  /** before / after the method. */
  when: z.enum(['before', 'after']),
  holds: z.boolean(),
  windowMs: z.number().positive(),
  probes: z.array(
    z.object({ name: z.string(), tolerance: z.string(), actual: z.string(), pass: z.boolean() }),
  ),
});

export const markSchema = z.object({ atMs: z.number(), label: z.string() });

export const journalEntrySchema = z.object({
  /** e.g. `lab.pods('backend').kill()`, `load.spike`, `rollback`. */
  activity: z.string(),
  startMs: z.number(),
  endMs: z.number().optional(),
  status: z.enum(['succeeded', 'failed']),
  output: z.string().optional(),
});

export const verdicts = ['pass', 'fail', 'inconclusive', 'error', 'interrupted'] as const;

export const scenarioReportSchema = z.object({
  name: z.string(),
  description: z.string(),
  hypothesis: z.string(),
  runbook: z.array(z.string()),
  file: z.string().optional(),
  verdict: z.enum(verdicts),
  /** Why the verdict is what it is, in one sentence (the failing SLO, the steady state that did not hold, the error). */
  reason: z.string(),
  startedAt: isoTime,
  durationMs: ms,
  load: z.object({
    generator: z.string().describe('built-in open-model generator, or k6 <version>'),
    rps: z.number().positive(),
    journeys: z.record(z.string(), z.number()),
  }),
  slos: z.array(sloResultSchema),
  results: resultsSchema,
  phases: z.array(phaseSchema),
  faults: z.array(faultSchema),
  checks: z.array(checkSchema),
  steadyState: z.array(steadyStateSchema),
  marks: z.array(markSchema),
  journal: z.array(journalEntrySchema),
  timeline: z.array(timelineBucketSchema),
  /** Per-pod log files, relative to the run folder. */
  logs: z.array(z.string()),
  error: z.string().optional(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(reportSchemaVersion),
  runId: z.string(),
  profile: z.enum(['local', 'k3s']),
  seed: z.number().int(),
  startedAt: isoTime,
  finishedAt: isoTime,
  verdict: z.enum(verdicts),
  interrupted: z.boolean(),
  /** Which implementation served each piece (pods, ingress, database, toxiproxy, load, metrics). */
  implementations: z.record(z.string(), z.string()),
  environment: z.object({
    node: z.string(),
    platform: z.string(),
    cpus: z.number().int().positive(),
    memoryBytes: z.number().positive(),
    labVersion: z.string(),
    gitCommit: z.string().optional(),
    /** Settings the lab changed for the run and why (e.g. RATE_LIMIT_MAX raised: all load comes from 127.0.0.1). */
    adjustments: z.array(z.string()),
  }),
  scenarios: z.array(scenarioReportSchema),
});

export type Report = z.infer<typeof reportSchema>;
export type ScenarioReport = z.infer<typeof scenarioReportSchema>;
export type TimelineBucket = z.infer<typeof timelineBucketSchema>;
export type Results = z.infer<typeof resultsSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type FaultReport = z.infer<typeof faultSchema>;
export type SloResult = z.infer<typeof sloResultSchema>;
export type CheckResult = z.infer<typeof checkSchema>;
export type SteadyStateResult = z.infer<typeof steadyStateSchema>;
export type Mark = z.infer<typeof markSchema>;
export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type Verdict = (typeof verdicts)[number];
