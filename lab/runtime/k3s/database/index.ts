/** The k3s profile's PostgreSQL primary + streaming standby, in containers on the lab's network. */
export {
  startContainerDatabase,
  type ContainerDatabaseNode,
  type ContainerDatabaseOptions,
  type FailoverOptions,
  type ReplicationState,
  type RepointTarget,
  type StartedContainerDatabase,
} from './database-cluster.js';
export { LabContainer, networkName, removeContainer, type LabNetwork } from './lab-container.js';
export { postgresPort, readyLine } from './postgres-container.js';
