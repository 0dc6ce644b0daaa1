import { InvalidArgumentError, Option } from 'commander';

/** `--lab <runId>`, on every verb that acts on a running lab. */
export function labOption(): Option {
  return new Option('--lab <runId>', 'the lab to act on when several run (its run id, printed by `lab up`)');
}

/** A parser for a whole number flag; commander names the flag and the bad value around the message. */
export function wholeNumber(unit: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        `expected a whole number of ${unit} from ${min} to ${max}, e.g. ${min + 100}.`,
      );
    return n;
  };
}

/** A parser for a duration in seconds (fractions allowed), e.g. `--failover-delay 2.5`. */
export function seconds(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`expected a number of seconds from 0 to ${max}, e.g. 5 or 0.5.`);
    return n;
  };
}
