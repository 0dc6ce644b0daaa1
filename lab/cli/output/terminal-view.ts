import { createLogUpdate } from 'log-update';

/** One bring-up or teardown step as the topology reports it (LocalTopologyOptions.onProgress). */
export interface ProgressStep {
  name: string;
  state: 'start' | 'done' | 'fail';
  detail?: string;
}

/**
 * What `lab up` shows while it runs: the steps of bring-up and teardown, then one status line.
 *
 * On an interactive terminal (see interactive.ts) a log-update region at the bottom is redrawn in
 * place: running steps with a spinner, finished ones with ✓/✗ and their duration, the status line
 * under them. Elsewhere every change is one plain line, and the status line is printed only when it
 * changes, so CI logs stay short and readable.
 */
export interface TerminalView {
  step(step: ProgressStep): void;
  /** The live status line (replaces the previous one). */
  status(line: string): void;
  /** A line that stays (above the live region on a terminal). */
  print(line: string, stream?: NodeJS.WriteStream): void;
  /** Freezes the steps shown so far (they scroll up and stay); later steps start a new list. */
  settle(): void;
  close(): void;
}

export function createTerminalView(stream: NodeJS.WriteStream, interactive: boolean): TerminalView {
  return interactive ? new LiveView(stream) : new PlainView(stream);
}

interface StepState {
  name: string;
  state: ProgressStep['state'];
  detail?: string;
  startedAt: number;
  endedAt?: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class PlainView implements TerminalView {
  private readonly started = new Map<string, number>();
  private lastStatus = '';

  constructor(private readonly stream: NodeJS.WriteStream) {}

  step({ name, state, detail }: ProgressStep): void {
    const now = Date.now();
    if (state === 'start') {
      this.started.set(name, now);
      this.stream.write(`- ${name}${detail ? `: ${detail}` : ''}\n`);
      return;
    }
    const took = seconds(now - (this.started.get(name) ?? now));
    const mark = state === 'done' ? '✓' : '✗';
    this.stream.write(`${mark} ${name} (${took})${detail ? `: ${detail}` : ''}\n`);
  }

  status(line: string): void {
    if (line === this.lastStatus) return;
    this.lastStatus = line;
    // An empty line hides the status on a terminal; here there is nothing to hide.
    if (line) this.stream.write(`${line}\n`);
  }

  print(line: string, stream = this.stream): void {
    stream.write(`${line}\n`);
  }

  settle(): void {}
  close(): void {}
}

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

class LiveView implements TerminalView {
  // The cursor stays visible: hiding it would need restore-on-exit hooks next to our own signal handling.
  private readonly region: ReturnType<typeof createLogUpdate>;
  private steps: StepState[] = [];
  private statusLine = '';
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.region = createLogUpdate(stream, { showCursor: true });
  }

  step({ name, state, detail }: ProgressStep): void {
    const now = Date.now();
    const existing = this.steps.find((s) => s.name === name && s.endedAt === undefined);
    if (state === 'start' || !existing) this.steps.push({ name, state, detail, startedAt: now });
    if (existing && state !== 'start')
      Object.assign(existing, { state, detail: detail ?? existing.detail, endedAt: now });
    this.animate();
    this.render();
  }

  status(line: string): void {
    this.statusLine = line;
    this.render();
  }

  print(line: string, stream = this.stream): void {
    this.region.clear();
    stream.write(`${line}\n`);
    this.render();
  }

  settle(): void {
    // The steps stay on screen; the status line is redrawn under them.
    this.render({ withStatus: false });
    this.region.done();
    this.steps = [];
    this.render();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.render();
    this.region.done();
  }

  /** The spinner turns only while a step runs. */
  private animate(): void {
    const running = this.steps.some((s) => s.state === 'start');
    if (running && !this.timer) {
      this.timer = setInterval(() => {
        this.frame = (this.frame + 1) % spinner.length;
        this.render();
      }, 100);
      this.timer.unref();
    } else if (!running && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private render({ withStatus = true } = {}): void {
    const now = Date.now();
    const lines = this.steps.map((s) => {
      const took = seconds((s.endedAt ?? now) - s.startedAt);
      const mark = s.state === 'start' ? spinner[this.frame] : s.state === 'done' ? '✓' : '✗';
      return `${mark} ${s.name} (${took})${s.detail ? `: ${s.detail}` : ''}`;
    });
    if (withStatus && this.statusLine) lines.push(this.statusLine);
    if (lines.length === 0) this.region.clear();
    else this.region(lines.join('\n'));
  }
}
