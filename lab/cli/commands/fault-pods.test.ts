import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLab, runLab } from '../test-support/run-lab.js';

describe('lab fault pod-pause, pod-resume, kill-all-but-one (CLI against a running lab)', () => {
  let dir: string;
  let lab: FakeLab;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-cli-pods-test-'));
    lab = await FakeLab.start('pods', dir);
  });
  afterAll(async () => {
    await lab?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('pod-pause freezes one pod of a Deployment for a given time, and status shows it paused', async () => {
    const run = await runLab(['fault', 'pod-pause', '--deployment', 'backend', '--for', '5000'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('paused pod backend-6d4cf56db6-a1b2c; it resumes in 5000 ms\n');
    expect(lab.calls()).toContainEqual({
      method: 'pausePod',
      target: { deployment: 'backend' },
      forMs: 5000,
    });
    const status = await runLab(['status'], dir);
    expect(status.stdout).toMatch(
      /backend-6d4cf56db6-a1b2c {2}Running ready .* paused since 2026-01-01T00:00:05/,
    );
  });

  it('pod-resume resumes the paused pod by name', async () => {
    const run = await runLab(['fault', 'pod-resume', '--pod', 'backend-6d4cf56db6-a1b2c'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('resumed pod backend-6d4cf56db6-a1b2c\n');
    expect(lab.calls()).toContainEqual({ method: 'resumePod', pod: 'backend-6d4cf56db6-a1b2c' });
  });

  it('pod-pause without a time says how to resume the pod', async () => {
    const run = await runLab(['fault', 'pod-pause', '--pod', 'frontend-6d4cf56db6-d3e4f'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'paused pod frontend-6d4cf56db6-d3e4f; resume it with: lab fault pod-resume --pod frontend-6d4cf56db6-d3e4f\n',
    );
  });

  it('pod-pause refuses a pause of no length and a pod that does not exist, exit 2', async () => {
    const zero = await runLab(['fault', 'pod-pause', '--deployment', 'backend', '--for', '0'], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--for');
    const missing = await runLab(['fault', 'pod-pause', '--pod', 'backend-nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no pod named 'backend-nope'; pods now: backend-6d4cf56db6-a1b2c");
  });

  it('kill-all-but-one kills every other pod and names the survivor it was asked to keep', async () => {
    const run = await runLab(
      ['fault', 'kill-all-but-one', '--deployment', 'backend', '--keep', 'backend-6d4cf56db6-g5h6i'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'killed 2 pods of backend (backend-6d4cf56db6-a1b2c, backend-6d4cf56db6-d3e4f); ' +
        'backend-6d4cf56db6-g5h6i survives; the Deployment starts replacements\n',
    );
    expect(lab.calls()).toContainEqual({
      method: 'killAllButOne',
      deployment: 'backend',
      keep: 'backend-6d4cf56db6-g5h6i',
    });
  });

  it('kill-all-but-one refuses a survivor that is not a pod of the Deployment, exit 2', async () => {
    const run = await runLab(
      ['fault', 'kill-all-but-one', '--deployment', 'backend', '--keep', 'frontend-6d4cf56db6-a1b2c'],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "'frontend-6d4cf56db6-a1b2c' is not a pod of Deployment backend; its pods now: backend-6d4cf56db6-a1b2c",
    );
    expect(lab.calls().filter((c) => c.method === 'killAllButOne')).toHaveLength(1);
  });

  it('fault latency and clear act on the ingress-backend link', async () => {
    const add = await runLab(['fault', 'latency', '--link', 'ingress-backend', '--latency', '150'], dir);
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('added 150 ms latency on ingress-backend\n');
    const clear = await runLab(['fault', 'clear', '--link', 'ingress-backend'], dir);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toBe('cleared network faults on ingress-backend\n');
    expect(lab.calls()).toContainEqual({ method: 'clearFaults', link: 'ingress-backend' });
  });
});
