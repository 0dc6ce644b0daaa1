import { open, type FileHandle } from 'node:fs/promises';
import type { OrderAttempt, RequestRecord } from '../request-record.js';

export interface K6OutputEvents {
  record(record: RequestRecord): void;
  order(attempt: OrderAttempt): void;
  /** A journey started (`started` true) or ended. */
  journey(id: string, started: boolean): void;
  /** An iteration k6 could not start on schedule (no free VU), at epoch ms `at`. */
  dropped(at: number): void;
}

const chunkBytes = 1 << 20;

/**
 * Follows a k6 `--out json=FILE` file while k6 writes it and turns the lab's points into events. k6
 * writes a dozen built-in metric points per request; only lines naming a lab_* metric or
 * dropped_iterations are parsed (a substring test first keeps the tail cheap at thousands of requests
 * a second). A partial last line waits for the next read.
 */
export class K6OutputReader {
  private file: FileHandle | undefined;
  private offset = 0;
  private partial = '';
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly events: K6OutputEvents,
  ) {}

  /** Reads what k6 wrote since the last call. Calls are serialised. */
  read(): Promise<void> {
    this.reading = this.reading.then(() => this.readMore());
    return this.reading;
  }

  /** Bytes of the file read so far. */
  bytesRead(): number {
    return this.offset;
  }

  async close(): Promise<void> {
    await this.reading;
    await this.file?.close();
    this.file = undefined;
  }

  private async readMore(): Promise<void> {
    if (!this.file) {
      try {
        this.file = await open(this.path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // k6 has not created it yet
        throw error;
      }
    }
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await this.file.read(buffer, 0, chunkBytes, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      const text = this.partial + buffer.toString('utf8', 0, bytesRead);
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.parse(line);
    }
  }

  private parse(line: string): void {
    if (!line.includes('"metric":"lab_') && !line.includes('"metric":"dropped_iterations"')) return;
    const point = JSON.parse(line) as {
      type: string;
      metric: string;
      data: { time?: string; value?: number; metadata?: Record<string, string> };
    };
    if (point.type !== 'Point') return;
    const { data } = point;
    switch (point.metric) {
      case 'lab_request':
        if (data.metadata?.r) this.events.record(JSON.parse(data.metadata.r) as RequestRecord);
        return;
      case 'lab_order':
        if (data.metadata?.o) this.events.order(JSON.parse(data.metadata.o) as OrderAttempt);
        return;
      case 'lab_journey':
        if (data.metadata?.j) this.events.journey(data.metadata.j, data.value === 1);
        return;
      case 'dropped_iterations':
        if (data.time) for (let n = 0; n < (data.value ?? 1); n += 1) this.events.dropped(epochMs(data.time));
        return;
    }
  }
}

/** k6 writes RFC 3339 times with nanoseconds; Date.parse keeps milliseconds, the rest is added back. */
export function epochMs(time: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return Date.parse(time);
  const fraction = match[2] ?? '';
  return Date.parse(`${match[1]}${match[3]}`) + Number(`0.${fraction || '0'}`) * 1000;
}
