import { request } from 'node:http';
import { connect } from 'node:net';
import type { ProbeHandler } from '../../../topology/model.js';

/**
 * One probe attempt as the kubelet's prober makes it (pkg/probe/http, pkg/probe/tcp): an HTTP GET
 * without keep-alive whose status 200–399 is a success, or a TCP connect; either fails when it takes
 * longer than the probe's timeoutSeconds. Messages read like the kubelet's Unhealthy events.
 */
export type ProbeOutcome = { ok: true } | { ok: false; message: string };

export interface ProbeTarget {
  host: string;
  /** The pod's port: locally a pod has one loopback port, which stands for its containerPort. */
  port: number;
}

export function runProbe(
  handler: ProbeHandler,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  return handler.type === 'httpGet'
    ? httpGetProbe(target, handler.path, timeoutMs)
    : tcpSocketProbe(target, timeoutMs);
}

export function httpGetProbe(target: ProbeTarget, path: string, timeoutMs: number): Promise<ProbeOutcome> {
  const url = `http://${target.host}:${target.port}${path}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'GET',
        agent: false,
        headers: { 'user-agent': 'kube-probe/dhakacart-lab', accept: '*/*', connection: 'close' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        // The kubelet reads the body too; the status alone decides, so settle once it has arrived.
        res.once('end', () =>
          finish(
            status >= 200 && status < 400
              ? { ok: true }
              : { ok: false, message: `HTTP probe failed with statuscode: ${status}` },
          ),
        );
        res.once('error', (error) => finish({ ok: false, message: `Get "${url}": ${error.message}` }));
      },
    );
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          message: `Get "${url}": context deadline exceeded (timeout ${timeoutMs / 1000} s)`,
        }),
      timeoutMs,
    );
    req.once('error', (error) => finish({ ok: false, message: `Get "${url}": ${error.message}` }));
    req.end();
  });
}

export function tcpSocketProbe(target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const address = `${target.host}:${target.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ ok: false, message: `dial tcp ${address}: i/o timeout (${timeoutMs / 1000} s)` }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ ok: true }));
    socket.once('error', (error) => finish({ ok: false, message: `dial tcp ${address}: ${error.message}` }));
  });
}
