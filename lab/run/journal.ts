import type { JournalEntry, Mark } from '../report/report-model.js';

/** An activity as it is recorded: epoch ms; offsets from t0 are computed when the report is made. */
export interface JournalRecord {
  activity: string;
  startedAt: number;
  endedAt?: number;
  status: 'succeeded' | 'failed';
  output?: string;
}

export type JournalListener = (record: JournalRecord, phase: 'start' | 'end') => void;

/**
 * The scenario's journal, Chaos Toolkit style: every activity (a Lab call, the method, a rollback, a
 * steady-state probe) with its start, end, status and output; and the marks a scenario puts on the
 * timeline. A listener sees each activity start and end (the CLI's progress lines).
 */
export class Journal {
  readonly records: JournalRecord[] = [];
  readonly marks: { at: number; label: string }[] = [];

  constructor(private readonly listener: JournalListener = () => {}) {}

  async activity<T>(
    activity: string,
    work: () => Promise<T>,
    output?: (value: T) => string | undefined,
  ): Promise<T> {
    const record: JournalRecord = { activity, startedAt: Date.now(), status: 'succeeded' };
    this.records.push(record);
    this.listener(record, 'start');
    try {
      const value = await work();
      const text = output?.(value);
      if (text !== undefined) record.output = text;
      return value;
    } catch (error) {
      record.status = 'failed';
      record.output = (error as Error)?.message ?? String(error);
      throw error;
    } finally {
      record.endedAt = Date.now();
      this.listener(record, 'end');
    }
  }

  /** An instant entry (a `lab.log` line, a decision the runner took). */
  note(activity: string, output?: string, status: JournalRecord['status'] = 'succeeded'): void {
    const now = Date.now();
    const record: JournalRecord = {
      activity,
      startedAt: now,
      endedAt: now,
      status,
      ...(output !== undefined && { output }),
    };
    this.records.push(record);
    this.listener(record, 'end');
  }

  /** A labelled moment on the timeline; `at` (epoch ms) defaults to now. */
  mark(label: string, at = Date.now()): void {
    this.marks.push({ at, label });
  }

  entries(t0: number): JournalEntry[] {
    return this.records.map((r) => ({
      activity: r.activity,
      startMs: r.startedAt - t0,
      ...(r.endedAt !== undefined && { endMs: r.endedAt - t0 }),
      status: r.status,
      ...(r.output !== undefined && { output: r.output }),
    }));
  }

  markList(t0: number): Mark[] {
    return this.marks.map((m) => ({ atMs: m.at - t0, label: m.label }));
  }
}
