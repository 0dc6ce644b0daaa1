import type { LabStatus } from '../../control/lab-controller.js';
import { databaseDegradation, formatFaults } from './status-line.js';

/** `lab status` for people: the lab, its URLs, every pod, the database nodes, faults and implementations. */
export function formatStatusReport(status: LabStatus): string {
  const lines = [
    `lab ${status.runId} (${status.profile})${status.readyAt ? `, ready since ${status.readyAt}` : ', not ready yet'}`,
    `storefront: ${status.urls.storefront}`,
    `api: ${status.urls.api}`,
    `control: ${status.urls.control}`,
    '',
  ];
  for (const d of status.deployments) {
    lines.push(`${d.name}: ${d.readyReplicas}/${d.desiredReplicas} ready`);
    for (const p of d.pods) {
      const exit = p.lastExit
        ? `, last exit ${p.lastExit.code ?? p.lastExit.signal} (${p.lastExit.reason})`
        : '';
      const paused = p.paused
        ? `  paused since ${p.paused.since}${p.paused.until ? ` until ${p.paused.until}` : ''}`
        : '';
      lines.push(
        `  ${p.name}  ${p.phase}${p.ready ? ' ready' : ''}  port ${p.port}  restarts ${p.restarts}${exit}${paused}`,
      );
    }
  }
  const db = status.database;
  lines.push(`database (${db.synchronous ? 'synchronous' : 'asynchronous'} replication):`);
  for (const n of [db.primary, db.standby]) {
    if (!n) continue;
    const lag = n.replayLagBytes === undefined ? '' : `  replay lag ${n.replayLagBytes} B`;
    lines.push(`  ${n.name}  ${n.role}  port ${n.port}${lag}`);
  }
  lines.push(`  proxy ${db.proxy.listen} → ${db.proxy.upstream}`);
  const degraded = databaseDegradation(status);
  if (degraded) lines.push(`  DEGRADED: ${degraded}`);
  lines.push(`faults: ${formatFaults(status)}`);
  const impls = Object.entries(status.implementations).map(([piece, impl]) => `${piece}=${impl}`);
  if (impls.length > 0) lines.push(`implementations: ${impls.join(', ')}`);
  return lines.join('\n');
}
