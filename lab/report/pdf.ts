import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReportError } from './report-error.js';

/** Browsers that can print the report, in the order they are looked for on PATH. */
const chromiumNames = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * A Chromium-family browser on PATH, or undefined. Hand-written (a PATH scan) rather than a `which`
 * package: it is the few lines below, and the lab must not download a browser (Playwright's own
 * browsers are never installed here), only use the one the machine has.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of chromiumNames)
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  return undefined;
}

/**
 * Prints report.html to a PDF with headless Chromium (playwright-core driving the machine's chromium).
 * Only file: URLs are loaded, so printing never touches the network, and it waits until the charts are
 * drawn. No browser: a ReportError (exit 2) saying how to get one.
 */
export async function renderPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new ReportError(
      `cannot write ${pdfFile}: no Chromium found on PATH (looked for ${chromiumNames.join(', ')}); ` +
        'install it (e.g. apt-get install chromium) or run without --pdf',
    );
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    // A4 portrait content width at 96 dpi with the margins below, so charts are drawn to fit the page.
    const page = await browser.newPage({ viewport: { width: 720, height: 1000 } });
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.goto(pathToFileURL(htmlFile).href);
    // A string, not a function: the lab is compiled without DOM types, and this runs in the page.
    await page.waitForFunction("document.body.dataset.charts !== 'pending'", undefined, { timeout: 15_000 });
    await page.pdf({
      path: pdfFile,
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    await browser.close();
  }
}
