import type { ScenarioDefinition } from './scenario-types.js';

/**
 * Returns its argument unchanged: it exists so that an editor infers and checks the scenario's type
 * (like citty's `defineCommand` or Playwright's `defineConfig`). The lab validates the value itself
 * when it loads the file (validate-scenario.ts), since a scenario may be plain JavaScript or wrong at
 * run time in ways the type checker cannot see (a rate of 0, an availability of 99.9).
 */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}
