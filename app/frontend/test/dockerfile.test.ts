import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dockerfile = readFileSync(path.join(repoRoot, 'app/frontend/Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const runtimeStage = instructions.slice(instructions.findIndex((l) => /^FROM .* AS runtime$/i.test(l)));

describe('frontend Dockerfile', () => {
  it('builds every stage from ARG BASE_IMAGE (default node:20-bookworm-slim), as the lab passes its own base', () => {
    expect(instructions[0]).toBe('ARG BASE_IMAGE=node:20-bookworm-slim');
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM \$\{BASE_IMAGE\} AS \w+$/);
  });

  it('runs as a numeric non-root user, on 0.0.0.0:8080, from one bundled server.js with no node_modules', () => {
    expect(runtimeStage.length).toBeGreaterThan(1);
    expect(runtimeStage.find((l) => l.startsWith('USER '))).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtimeStage.find((l) => l.startsWith('ENV '))).toContain('HOST=0.0.0.0');
    expect(runtimeStage).toContain('EXPOSE 8080');
    expect(dockerfile).toMatch(
      /node app\/bundle-server\.mjs dist\/app\/frontend\/server\/server\.js bundle\/server\.js/,
    );
    expect(runtimeStage.some((l) => /npm (ci|install)|node_modules/.test(l))).toBe(false);
    expect(runtimeStage).toContain(
      'COPY --from=build /src/bundle/server.js ./dist/app/frontend/server/server.js',
    );
    expect(runtimeStage.at(-1)).toBe('CMD ["node", "dist/app/frontend/server/server.js"]');
  });

  describe('image layout, reproduced without a container engine', () => {
    let image = '';
    beforeAll(() => {
      image = mkdtempSync(path.join(tmpdir(), 'dhakacart-frontend-image-'));
    });
    afterAll(() => {
      if (image) rmSync(image, { recursive: true, force: true });
    });

    it('compiles and bundles into a server that needs no node_modules, serves the storefront from any cwd and passes its own HEALTHCHECK', async () => {
      // The build stage's compile and bundle (in a checkout, where node_modules resolves), then the
      // runtime stage's lines: a package.json saying "type": "module", the bundle, public/.
      const build = mkdtempSync(path.join(repoRoot, '.frontend-image-build-'));
      try {
        await run(
          process.execPath,
          [
            path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
            '-p',
            'app/frontend/tsconfig.build.json',
            '--outDir',
            path.join(build, 'dist'),
          ],
          { cwd: repoRoot },
        );
        await run(
          process.execPath,
          [
            'app/bundle-server.mjs',
            path.join(build, 'dist/app/frontend/server/server.js'),
            path.join(image, 'dist/app/frontend/server/server.js'),
          ],
          { cwd: repoRoot },
        );
      } finally {
        rmSync(build, { recursive: true, force: true });
      }
      writeFileSync(path.join(image, 'package.json'), '{"private":true,"type":"module"}');
      cpSync(path.join(repoRoot, 'app/frontend/public'), path.join(image, 'app/frontend/public'), {
        recursive: true,
      });

      const env = { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', API_BASE_URL: '/api' };
      const server = spawn(process.execPath, [path.join(image, 'dist/app/frontend/server/server.js')], {
        cwd: tmpdir(),
        env: { ...env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout.on('data', (c: Buffer) => (output += c.toString()));
      server.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 15_000;
        while (
          !output.includes('storefront listening on') &&
          server.exitCode === null &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const port = /storefront listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
        expect(port, output).toBeDefined();

        const page = await fetch(`http://127.0.0.1:${port}/orders`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<script type="module" src="/js/main.js"></script>');

        const healthcheck = JSON.parse(
          /HEALTHCHECK .*CMD (\[.*\])/.exec(dockerfile.replace(/\\\n\s*/g, ' '))?.[1] ?? '[]',
        );
        expect(healthcheck[0]).toBe('node');
        const probe = await run(process.execPath, healthcheck.slice(1), { env: { ...env, PORT: port } }).then(
          () => 0,
          (err: { code?: number }) => err.code ?? 1,
        );
        expect(probe).toBe(0);
      } finally {
        server.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    });
  });
});
