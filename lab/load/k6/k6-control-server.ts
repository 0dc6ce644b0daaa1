import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SegmentControl {
  /** Epoch ms from which the segment starts no journey. */
  stopAt: number | null;
  /** The load is stopping: journeys in flight take no further step. */
  halted: boolean;
}

/**
 * Tells running k6 segments when to stop starting journeys: `GET /segments/<n>` → SegmentControl.
 * k6 offers no way to change a running arrival-rate executor, and stopping it through its REST API
 * or a signal aborts in-flight requests (which would then be missing from the records), so each VU
 * asks here now and then (see k6-script-entry.ts). On 127.0.0.1 only.
 */
export class K6ControlServer {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly segments: Map<number, SegmentControl>,
  ) {}

  static async start(): Promise<K6ControlServer> {
    const segments = new Map<number, SegmentControl>();
    const server = createServer((request, response) => {
      const match = /^\/segments\/(\d+)$/.exec(request.url ?? '');
      const state = match ? segments.get(Number(match[1])) : undefined;
      if (request.method !== 'GET' || !state) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such segment"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new K6ControlServer(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      segments,
    );
  }

  url(stream: number): string {
    return `${this.origin}/segments/${stream}`;
  }

  set(stream: number, state: SegmentControl): void {
    this.segments.set(stream, state);
  }

  get(stream: number): SegmentControl | undefined {
    return this.segments.get(stream);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
