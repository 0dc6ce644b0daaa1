import { describe, expect, it } from 'vitest';
import { RecordingController } from '../../control/test-support/recording-controller.js';
import { formatStatusLine } from './status-line.js';

describe('formatStatusLine', () => {
  it('summarises Deployments, database roles and faults on one line', () => {
    expect(formatStatusLine(new RecordingController().status())).toBe(
      'backend 3/3 ready · frontend 3/3 ready · postgres-0 primary, postgres-1 standby (sync) · faults: none',
    );
  });

  it('shows fewer ready pods, an async standby, a primary that is down and latency in place', async () => {
    const controller = new RecordingController();
    await controller.addLatency({ link: 'backend-database', latencyMs: 300, jitterMs: 0 });
    const status = controller.status();
    status.deployments[0]!.readyReplicas = 2;
    status.database.synchronous = false;
    status.database.primary.role = 'down';
    expect(formatStatusLine(status)).toBe(
      'backend 2/3 ready · frontend 3/3 ready · postgres-0 down, postgres-1 standby (async) · ' +
        'DEGRADED: the primary postgres-0 is down: every query fails; promote the standby (`lab fault db-failover`) or restart the lab · ' +
        'faults: backend-database latency 300 ms',
    );
  });

  it('says a failed-over pair is degraded until the old primary is re-cloned, though no fault is in place', () => {
    const status = new RecordingController().status();
    status.database.primary = { name: 'postgres-1', port: 5433, role: 'primary' };
    status.database.standby = { name: 'postgres-0', port: 5432, role: 'down' };
    expect(formatStatusLine(status)).toBe(
      'backend 3/3 ready · frontend 3/3 ready · postgres-1 primary, postgres-0 down (sync) · ' +
        'DEGRADED: postgres-0 is down, so there is no standby to fail over to; `lab fault db-reclone` brings it back · faults: none',
    );
  });

  it('names other toxics by type and attributes', () => {
    const status = new RecordingController().status();
    status.faults = [
      { link: 'backend-database', toxics: [{ name: 'bw', type: 'bandwidth', attributes: { rate: 100 } }] },
    ];
    delete status.database.standby;
    expect(formatStatusLine(status)).toBe(
      'backend 3/3 ready · frontend 3/3 ready · postgres-0 primary · faults: backend-database bandwidth rate=100',
    );
  });
});
