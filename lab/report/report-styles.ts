import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let css: string | undefined;

/**
 * The reports' own stylesheet (assets/report.css), read once per process: report.html and
 * fidelity.html inline it, so every HTML file the lab writes looks the same.
 */
export function reportCss(): string {
  css ??= readFileSync(fileURLToPath(new URL('./assets/report.css', import.meta.url)), 'utf8');
  return css;
}
