/**
 * Shopper load for the lab: shoppers registered through the API, then journeys at an open-model
 * arrival rate on the built-in generator or k6, every request recorded the same way.
 */
export { prepareShoppers, type PrepareShoppersOptions } from './shoppers.js';
export { startLoad } from './start-load.js';
export type { GeneratorChoice, RunningLoad, StartLoadOptions } from './load-options.js';
export { defaultJourneyMix, journeys, orderOutcome } from './journeys/journeys.js';
export type { Journey, Shoppers } from './journeys/journey-types.js';
export { builtInGeneratorName } from './built-in/start-built-in-load.js';
export { findK6, k6InstallCommand, k6Version } from './k6/find-k6.js';
export type { ErrorKind, OrderAttempt, RequestRecord } from './request-record.js';
