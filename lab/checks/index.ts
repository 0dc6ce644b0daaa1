/** Data checks after a scenario, against the real PostgreSQL (DESIGN.md "What measured means"). */
export { snapshotStock, StockSnapshot } from './stock-snapshot.js';
export { runDataChecks, type DataCheckOptions, type DataCheckResults } from './run-data-checks.js';
export { defaultStandbyTimeoutMs } from './standby-check.js';
