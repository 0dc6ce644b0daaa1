/**
 * Whether output may be redrawn in place (spinners, a status line rewritten every second): only on a
 * terminal, and never in CI, whose logs keep every byte (the same test as sindresorhus/is-interactive,
 * plus the lab's own LAB_CI=1). Elsewhere the CLI prints plain, append-only lines.
 * A terminal that reports no size (0 rows, e.g. `script` or `docker run -t` before a resize) counts as
 * not interactive: log-update fits its output to the height and would print nothing.
 */
export function isInteractive(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI !== undefined && env.CI !== 'false' && env.CI !== '0') || env.LAB_CI === '1';
  const sized = (stream.rows ?? 0) > 0 && (stream.columns ?? 0) > 0;
  return Boolean(stream.isTTY) && sized && env.TERM !== 'dumb' && !ci;
}
