/**
 * Live progress on an interactive terminal, drawn with cli-progress: while a sync
 * extracts, one line per running stream (rows so far, rows per second, and an ETA
 * against what the stream read in its last successful run); while it builds, one line
 * with the models done of the total. Lines a caller writes go above the bars. Nothing
 * here is used when stderr is not a terminal: logs and cron mail get plain lines.
 */
import { createRequire } from 'node:module';

/** The part of cli-progress used here (the package ships no types). */
interface Bar {
  update(value: number, payload: BarPayload): void;
  setTotal(total: number): void;
}
interface MultiBar {
  create(total: number, start: number, payload: BarPayload): Bar;
  remove(bar: Bar): boolean;
  log(text: string): void;
  update(): void;
  stop(): void;
  on(event: 'update-post', listener: () => void): void;
  readonly timer?: NodeJS.Timeout | null;
}
interface FormatParams {
  readonly progress: number;
  readonly total: number;
}
type MultiBarClass = new (options: Record<string, unknown>) => MultiBar;

interface BarPayload {
  readonly label: string;
  readonly detail: string;
  /** Whether the total is known (a bar), or only a count. */
  readonly bounded: boolean;
}

const BAR_WIDTH = 24;

export interface StreamProgress {
  readonly sourceId: string;
  readonly stream: string;
  readonly rowsRead: number;
  readonly elapsedMs: number;
  readonly expectedRows?: number;
}

export class LiveProgress {
  private multi: MultiBar | undefined;
  private readonly streams = new Map<string, Bar>();
  private build: { bar: Bar; startedAt: number } | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** A line of text above the bars (or straight out when none is drawn). */
  line(text: string): void {
    if (this.multi) this.multi.log(`${text}\n`);
    else this.out.write(`${text}\n`);
  }

  stream(p: StreamProgress): void {
    const key = `${p.sourceId}.${p.stream}`;
    const expected = p.expectedRows ?? 0;
    const payload: BarPayload = { label: key, detail: describeStream(p), bounded: expected > 0 };
    const bar = this.streams.get(key);
    if (bar) {
      // A stream reading more than last time: the bar stays full, the count still grows.
      if (expected > 0 && p.rowsRead > expected) bar.setTotal(p.rowsRead);
      bar.update(p.rowsRead, payload);
      return;
    }
    this.streams.set(key, this.bars().create(Math.max(expected, p.rowsRead, 1), p.rowsRead, payload));
    // Drawn at once: a short stream could otherwise end before the first scheduled redraw.
    this.multi!.update();
  }

  /** The stream ended: its bar goes, and `summary` (its result line) is printed in its place. */
  streamDone(sourceId: string, stream: string, summary: string): void {
    const key = `${sourceId}.${stream}`;
    this.line(summary);
    const bar = this.streams.get(key);
    if (bar) {
      this.streams.delete(key);
      this.multi?.remove(bar);
    }
    this.stopWhenIdle();
  }

  model(e: { name: string; done: number; total: number }): void {
    const elapsed = this.build ? Date.now() - this.build.startedAt : 0;
    const left = e.done > 0 ? (elapsed / e.done) * (e.total - e.done) : undefined;
    const detail = `${e.done}/${e.total} models${left === undefined || e.done === e.total ? '' : `  ETA ${formatSeconds(left / 1000)}`}  ${e.done === e.total ? '' : e.name}`;
    const payload: BarPayload = { label: 'build', detail, bounded: true };
    if (!this.build) {
      this.build = { bar: this.bars().create(Math.max(e.total, 1), e.done, payload), startedAt: Date.now() };
      this.multi!.update();
    } else {
      this.build.bar.update(e.done, payload);
    }
    if (e.done === e.total) {
      this.multi?.update();
      this.multi?.remove(this.build.bar);
      this.build = undefined;
      this.stopWhenIdle();
    }
  }

  /** Removes every bar (the stage ended, or the run did). */
  end(): void {
    this.streams.clear();
    this.build = undefined;
    this.stop();
  }

  private bars(): MultiBar {
    if (this.multi) return this.multi;
    const multi = new (loadMultiBar())({
      stream: this.out,
      format: renderBar,
      clearOnComplete: true,
      hideCursor: false,
      // cli-progress would stop itself on SIGINT; the sync's own handler decides what a signal does.
      gracefulExit: false,
      fps: 5,
    });
    // The redraw timer must never be what keeps the process alive (a run that ended
    // on an error path without removing its bars would otherwise never exit).
    multi.on('update-post', () => multi.timer?.unref());
    this.multi = multi;
    return multi;
  }

  private stopWhenIdle(): void {
    if (this.streams.size === 0 && !this.build) this.stop();
  }

  private stop(): void {
    if (!this.multi) return;
    // A last redraw prints the lines still waiting above the bars.
    this.multi.update();
    this.multi.stop();
    this.multi = undefined;
  }
}

function renderBar(_options: unknown, params: FormatParams, payload: BarPayload): string {
  const filled = Math.round(Math.min(1, Math.max(0, params.progress)) * BAR_WIDTH);
  const bar = payload.bounded ? `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ` : '';
  return `  ${payload.label.padEnd(28)} ${bar}${payload.detail}`;
}

/** `12,400 / 20,000 rows  3,100 rows/s  ETA 2.5 s`; without an estimate, no ETA. */
function describeStream(p: StreamProgress): string {
  const rate = p.elapsedMs > 0 ? (p.rowsRead * 1000) / p.elapsedMs : 0;
  const expected = p.expectedRows ?? 0;
  const count = expected > p.rowsRead ? `${n(p.rowsRead)} / ${n(expected)} rows` : `${n(p.rowsRead)} rows`;
  const eta = expected > p.rowsRead && rate > 0 ? `  ETA ${formatSeconds((expected - p.rowsRead) / rate)}` : '';
  return `${count}  ${n(Math.round(rate))} rows/s${eta}`;
}

const n = (value: number) => value.toLocaleString('en-US');

/** `8.2 s`, `3 min 20 s`, `1 h 05 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

// Loaded on the first bar: commands that never draw one do not pay for it.
let multiBarClass: MultiBarClass | undefined;
function loadMultiBar(): MultiBarClass {
  return (multiBarClass ??= (createRequire(import.meta.url)('cli-progress') as { MultiBar: MultiBarClass }).MultiBar);
}
