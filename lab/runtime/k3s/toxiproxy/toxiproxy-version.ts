import type { StartedTestContainer } from 'testcontainers';

/**
 * The toxiproxy-server release, from `GET /version` (which also proves the published API port forwards).
 * A `go install` build says `git` there (the tag is set by release builds only); then the version is the
 * one Go recorded for the toxiproxy module in the binary's build info (`mod`/`dep` line).
 */
export async function toxiproxyVersion(
  apiUrl: string,
  container: StartedTestContainer,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let version: string | undefined;
  let lastError: unknown;
  while (version === undefined) {
    try {
      const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(2_000) });
      const text = (await response.text()).trim();
      if (response.ok) {
        // 2.x answers {"version": "2.12.0"}; 1.x answered the bare version.
        version = text.startsWith('{') ? (JSON.parse(text) as { version: string }).version : text;
        break;
      }
      lastError = new Error(`HTTP ${response.status}: ${text}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `toxiproxy's API at ${apiUrl} did not answer GET /version within ${timeoutMs} ms: ${String(lastError)}`,
        { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (version !== 'git') return version;
  const script =
    'T=$(printf \'\\t\'); grep -aoE "(mod|dep)${T}github\\.com/Shopify/toxiproxy/v2${T}v[0-9][0-9A-Za-z.+-]*" /proc/1/exe | head -n 1';
  const found = await container.exec(['sh', '-c', script]);
  const moduleVersion = /\tv(\S+)/.exec(found.output)?.[1];
  return moduleVersion ?? version;
}
