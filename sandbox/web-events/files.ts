/**
 * The web source's "mock": it has no server, only files. These helpers write
 * synthetic Segment events the way a file destination would — one JSONL file per UTC
 * day — and append a later day's events for the demo's second sync.
 *
 * @example
 * ```ts
 * await writeWebEventFiles(dir, pop.web.events.filter((e) => e.timestamp < '2026-11-01'));
 * await appendWebEvents(dir, pop.web.events.filter((e) => e.timestamp >= '2026-11-01'));
 * ```
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentEvent } from '../world/types.js';

/** `events-YYYY-MM-DD.jsonl` for the event's UTC day. */
export function webEventFileName(event: Pick<SegmentEvent, 'timestamp'>): string {
  const day = new Date(event.timestamp).toISOString().slice(0, 10);
  return `events-${day}.jsonl`;
}

function groupByFile(events: readonly SegmentEvent[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    const name = webEventFileName(e);
    let lines = out.get(name);
    if (!lines) out.set(name, (lines = []));
    lines.push(JSON.stringify(e));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, lines]) => [name, lines.join('\n') + '\n']));
}

/**
 * Writes `events` into `dir` (created if missing), one file per UTC day, replacing
 * files of the same name. Returns the file names written, in order.
 */
export async function writeWebEventFiles(dir: string, events: readonly SegmentEvent[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = groupByFile(events);
  for (const [name, text] of files) await writeFile(path.join(dir, name), text, 'utf8');
  return [...files.keys()];
}

/**
 * Appends `events` to their day's file (creating it if needed), as a collector does
 * through the day. Returns the file names touched, in order.
 */
export async function appendWebEvents(dir: string, events: readonly SegmentEvent[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = groupByFile(events);
  for (const [name, text] of files) await appendFile(path.join(dir, name), text, 'utf8');
  return [...files.keys()];
}
