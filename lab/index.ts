/**
 * The one import a scenario needs (scenarios/*.ts import nothing else): `defineScenario` and the types
 * of what it receives. Like k6's `k6` module, it stays short on purpose; everything else is the lab's.
 */
export { defineScenario } from './scenario/define-scenario.js';
export type {
  DeploymentHandle,
  FaultHandle,
  JourneyName,
  Lab,
  LinkName,
  LoadSpec,
  PodInfo,
  ScenarioDefinition,
  SloSpec,
  SteadyStateSpec,
  ToxicSpec,
} from './scenario/scenario-types.js';
