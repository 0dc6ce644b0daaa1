/** Fidelity: the same scenarios' figures on two or more profiles side by side, and where they part. */
export { compareReports, type CompareOptions } from './compare-reports.js';
export { renderFidelityMarkdown } from './fidelity-markdown.js';
export { renderFidelityHtml } from './fidelity-html.js';
export { renderFidelityText } from './fidelity-text.js';
export { writeFidelity } from './write-fidelity.js';
export { scenarioMetrics, faultMetrics } from './fidelity-metrics.js';
export * from './fidelity-model.js';
