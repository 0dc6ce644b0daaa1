import { afterEach, describe, expect, it } from 'vitest';
import { findTool, which } from './tool.js';

describe('findTool', () => {
  const saved = process.env.LAB_CI;
  afterEach(() => {
    if (saved === undefined) delete process.env.LAB_CI;
    else process.env.LAB_CI = saved;
  });

  it('finds a tool that is on PATH', () => {
    const found = findTool('sh', 'it ships with the OS');
    expect(found.path).toBe(which('sh'));
    expect(found.skipReason).toBeUndefined();
  });

  it('skips with a message naming the missing tool and how to install it outside CI', () => {
    delete process.env.LAB_CI;
    const found = findTool('no-such-tool-xyz', 'apt-get install xyz');
    expect(found.path).toBeUndefined();
    expect(found.skipReason).toContain('no-such-tool-xyz');
    expect(found.skipReason).toContain('apt-get install xyz');
  });

  it('fails instead of skipping under LAB_CI=1', () => {
    process.env.LAB_CI = '1';
    expect(() => findTool('no-such-tool-xyz', 'apt-get install xyz')).toThrow(/required under LAB_CI=1/);
  });
});
