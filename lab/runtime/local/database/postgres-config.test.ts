import { describe, expect, it } from 'vitest';
import { confValue, hbaConf, slotName, standbyConf, synchronousStandbyNames } from './postgres-config.js';

describe('postgres-config', () => {
  it('quotes strings for postgresql.conf and leaves numbers and booleans bare', () => {
    expect(confValue("it's")).toBe(`'it''s'`);
    expect(confValue(200)).toBe('200');
    expect(confValue(false)).toBe('off');
  });

  it('double-quotes a hyphenated standby name in synchronous_standby_names, and empties it for none', () => {
    expect(synchronousStandbyNames('postgres-1')).toBe('"postgres-1"');
    expect(synchronousStandbyNames(undefined)).toBe('');
  });

  it('names each standby’s slot after it, in the characters slots allow', () => {
    expect(slotName('postgres-1')).toBe('postgres_1');
  });

  it('points a standby at the primary on loopback under its own application_name and slot', () => {
    const conf = standbyConf({ node: 'postgres-0', primaryPort: 5433, replicationPassword: 'pw' });
    expect(conf).toContain(`host=127.0.0.1 port=5433`);
    expect(conf).toContain(`application_name=postgres-0 `);
    expect(conf).toContain(`primary_slot_name = 'postgres_0'`);
  });

  it('admits only loopback TCP, with scram passwords', () => {
    const hosts = hbaConf()
      .split('\n')
      .filter((line) => line.startsWith('host'));
    expect(hosts.every((line) => /127\.0\.0\.1\/32\s+scram-sha-256$/.test(line))).toBe(true);
  });
});
