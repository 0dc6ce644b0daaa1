import getPort from 'get-port';
import type { DeploymentSpec } from '../../../../topology/model.js';
import { ServiceEndpoints } from '../../service-endpoints.js';
import { Pod, type PodOptions } from '../pod.js';
import { repoRoot } from './fixture-deployment.js';
import { EventLog, type TestRun } from './test-run.js';

/** Creates pods on the fixture server for one test file and force-deletes whatever a test left. */
export class PodHarness {
  readonly #pods: Pod[] = [];
  #counter = 0;

  constructor(private readonly run: TestRun) {}

  async startPod(
    spec: DeploymentSpec,
    options: Partial<PodOptions> = {},
  ): Promise<{ pod: Pod; events: EventLog; endpoints: ServiceEndpoints[] }> {
    const events = new EventLog();
    const endpoints = options.endpoints ? [...options.endpoints] : [new ServiceEndpoints(spec.name)];
    this.#counter += 1;
    const pod = new Pod({
      name: `${spec.name}-${spec.templateHash}-t${String(this.#counter).padStart(4, '0')}`,
      spec,
      port: await getPort({ host: '127.0.0.1' }),
      repoRoot,
      runId: this.run.runId,
      logsDir: this.run.logsDir,
      endpoints,
      onEvent: events.listener,
      ...options,
    });
    this.#pods.push(pod);
    await pod.start();
    return { pod, events, endpoints };
  }

  async forceDeleteAll(): Promise<void> {
    await Promise.all(this.#pods.splice(0).map((pod) => pod.delete({ gracePeriodSeconds: 0 })));
  }
}
