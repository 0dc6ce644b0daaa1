/** Network faults for the lab through Toxiproxy's API: the real toxiproxy-server or the embedded one. */
export {
  startToxiproxy,
  type StartToxiproxyOptions,
  type StartedToxiproxy,
  type ToxiproxyImplementation,
  type ToxiproxyPreference,
} from './start-toxiproxy.js';
export {
  embeddedToxiproxyVersion,
  startEmbeddedToxiproxy,
  type EmbeddedToxiproxyOptions,
  type StartedEmbeddedToxiproxy,
} from './embedded-server.js';
export {
  findRealToxiproxy,
  startRealToxiproxy,
  toxiproxyInstallCommand,
  type RealToxiproxyOptions,
  type StartedRealToxiproxy,
} from './real-server.js';
export { builtinToxics, ToxicRegistry } from './toxics/registry.js';
export type { ToxicDefinition } from './toxics/toxic-definition.js';
