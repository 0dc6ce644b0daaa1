import type { DatabaseNodeStatus, LabStatus } from '../../control/lab-controller.js';

/**
 * The one-line summary `lab up` keeps at the bottom of the terminal, e.g.
 * `backend 3/3 ready · frontend 3/3 ready · postgres-0 primary, postgres-1 standby (sync) · faults: none`.
 * Only state goes in (no clock), so a non-interactive run prints a new line exactly when something changed.
 */
export function formatStatusLine(status: LabStatus): string {
  const deployments = status.deployments.map(
    (d) => `${d.name} ${d.readyReplicas}/${d.desiredReplicas} ready`,
  );
  const { primary, standby, synchronous } = status.database;
  const database = [node(primary), standby && `${node(standby)} (${synchronous ? 'sync' : 'async'})`]
    .filter(Boolean)
    .join(', ');
  const degraded = databaseDegradation(status);
  return [
    ...deployments,
    database,
    ...(degraded ? [`DEGRADED: ${degraded}`] : []),
    `faults: ${formatFaults(status)}`,
  ].join(' · ');
}

/**
 * What is wrong with the database pair, and the way back, or undefined when a primary and a standby
 * both run. After a failover the old primary stays down until it is re-cloned: `faults: none` alone
 * would hide that the next failover has nothing to promote.
 */
export function databaseDegradation(status: LabStatus): string | undefined {
  const { primary, standby } = status.database;
  if (primary.role !== 'primary')
    return `the primary ${primary.name} is down: every query fails; promote the standby (\`lab fault db-failover\`) or restart the lab`;
  if (!standby) return undefined; // started without a standby (--no-standby): nothing is missing
  if (standby.role !== 'standby')
    return `${standby.name} is down, so there is no standby to fail over to; \`lab fault db-reclone\` brings it back`;
  return undefined;
}

function node(n: DatabaseNodeStatus): string {
  return `${n.name} ${n.role}`;
}

/** `none`, or each toxic as `link type attr=value ...`, latency as `backend-database latency 200±50 ms`. */
export function formatFaults(status: LabStatus): string {
  const toxics = status.faults.flatMap((f) =>
    f.toxics.map((t) => {
      const { latency, jitter, ...rest } = t.attributes;
      if (t.type === 'latency' && latency !== undefined)
        return `${f.link} latency ${latency}${jitter ? `±${jitter}` : ''} ms`;
      const attrs = Object.entries(t.type === 'latency' ? rest : t.attributes).map(([k, v]) => `${k}=${v}`);
      return [f.link, t.type, ...attrs].join(' ');
    }),
  );
  return toxics.length === 0 ? 'none' : toxics.join(', ');
}
