import type {
  ClearFaultsResponse,
  DownResponse,
  ErrorBody,
  FailoverResponse,
  KillAllButOneResponse,
  PodKillResponse,
  PodPauseRequest,
  PodPauseResponse,
  PodResumeResponse,
  RolloutRequest,
  RolloutResponse,
  StatusResponse,
} from './control-api.js';
import type { LatencyFault, LinkName, NetworkFault, PodTarget } from './lab-controller.js';
import type { LabEntry } from './lab-registry.js';

/**
 * An error answer from the control API. `exitCode` follows the CLI contract (lab/cli/errors.ts): the
 * request was wrong or cannot succeed (4xx) → 2; the lab tried and failed (5xx) → 1.
 */
export class ControlApiError extends Error {
  override readonly name = 'ControlApiError';
  readonly exitCode: number;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.exitCode = status >= 500 ? 1 : 2;
  }
}

/** The lab is registered but its control API does not answer (it is stopping, or hung). Exit 2. */
export class LabUnreachableError extends Error {
  override readonly name = 'LabUnreachableError';
  readonly exitCode = 2;
}

/** Bounds so that a hung lab never hangs the CLI; a failover waits the detection delay, so faults get longer. */
const statusTimeoutMs = 10_000;
const faultTimeoutMs = 180_000;

/** The CLI's side of control-api.ts: one method per route, typed answers, errors as ControlApiError. */
export class ControlClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    /** Names the lab in messages, e.g. its run id. */
    private readonly label = url,
  ) {}

  static for(lab: LabEntry): ControlClient {
    return new ControlClient(lab.controlUrl, lab.token, `lab ${lab.runId} (pid ${lab.pid})`);
  }

  status(): Promise<StatusResponse> {
    return this.call('GET', '/status', undefined, statusTimeoutMs);
  }

  killPod(target: PodTarget): Promise<PodKillResponse> {
    return this.call('POST', '/faults/pod-kill', target, faultTimeoutMs);
  }

  pausePod(request: PodPauseRequest): Promise<PodPauseResponse> {
    return this.call('POST', '/faults/pod-pause', request, faultTimeoutMs);
  }

  resumePod(pod: string): Promise<PodResumeResponse> {
    return this.call('POST', '/faults/pod-resume', { pod }, faultTimeoutMs);
  }

  killAllButOne(deployment: string, keep?: string): Promise<KillAllButOneResponse> {
    return this.call(
      'POST',
      '/faults/kill-all-but-one',
      { deployment, ...(keep !== undefined && { keep }) },
      faultTimeoutMs,
    );
  }

  /** Resolves when the rollout is complete (bounded by the Deployment's progress deadline and this call's timeout). */
  rollout(deployment: string, change: RolloutRequest = {}): Promise<RolloutResponse> {
    return this.call(
      'POST',
      `/deployments/${encodeURIComponent(deployment)}/rollout`,
      change,
      faultTimeoutMs,
    );
  }

  failoverDatabase(): Promise<FailoverResponse> {
    return this.call('POST', '/faults/db-failover', {}, faultTimeoutMs);
  }

  recloneStandby(): Promise<{ standby: string }> {
    return this.call('POST', '/database/reclone-standby', {}, faultTimeoutMs);
  }

  addLatency(fault: Omit<LatencyFault, 'jitterMs'> & { jitterMs?: number }): Promise<LatencyFault> {
    return this.call('POST', '/faults/latency', fault, faultTimeoutMs);
  }

  addNetworkFault(fault: NetworkFault): Promise<{ name: string }> {
    return this.call('POST', '/faults/network', fault, faultTimeoutMs);
  }

  clearFaults(link?: LinkName): Promise<ClearFaultsResponse> {
    const query = link ? `?link=${encodeURIComponent(link)}` : '';
    return this.call('DELETE', `/faults${query}`, undefined, faultTimeoutMs);
  }

  /** Asks the lab to stop; it answers before it stops. */
  down(): Promise<DownResponse> {
    return this.call('POST', '/down', {}, statusTimeoutMs);
  }

  private async call<T>(method: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : causeOf(error);
      throw new LabUnreachableError(
        `${this.label} is registered but its control API at ${this.url} did not answer (${reason}); ` +
          'it may be stopping, or hung: check its terminal',
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json as T;
    const error = (json as Partial<ErrorBody> | undefined)?.error;
    throw new ControlApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`,
      error?.details,
    );
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
