import pg from 'pg';

/** Bounds on every check query: a database that hangs must fail the check, not the run's clock. */
const connectTimeoutMs = 5000;
const statementTimeoutMs = 15_000;

/**
 * Runs `work` on one connection to `url` and always closes it. A connection failure names the server
 * (without its password) so the report says which database could not be checked.
 */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    application_name: 'dhakacart-lab-checks',
  });
  // An 'error' event (server gone mid-query) must not crash the process; the query rejects anyway.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`data checks could not connect to ${redact(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL with its password replaced, fit for an error message or a report. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(an unparseable database URL)';
  }
}
