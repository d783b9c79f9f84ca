/**
 * The `events` stream: Segment-spec page/track/identify events from JSONL files,
 * landed unchanged. Resume state is a byte offset per file, so a crash or a new
 * night's run continues mid-file and picks up lines appended since.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Batch, type JsonRecord, type Logger, type ReadContext, type Stream, type StreamState } from '../sdk/index.js';
import type { WebEventsConfig } from './config.js';
import { readLines } from './line-reader.js';

export const SEGMENT_EVENT_TYPES = ['page', 'track', 'identify'] as const;

/** Resume point of one file: bytes fully consumed, file size when read, lines consumed. */
export type FileCursor = {
  readonly offset: number;
  readonly size: number;
  /** Lines consumed so far, so warnings can name the true line number after a resume. */
  readonly line: number;
};

export interface WebEventsState {
  readonly files: Readonly<Record<string, FileCursor>>;
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A Segment event as written to the file (extra fields allowed: the record is landed unchanged). */
export const segmentEventSchema = z.looseObject({
  type: z.enum(SEGMENT_EVENT_TYPES),
  messageId: z.string().min(1),
  anonymousId: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  timestamp: z.string(),
  event: z.string().optional(),
  name: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  // Segment's reserved identify traits are declared (so they land as their own columns,
  // traits__email …); any other trait is allowed and lands as schema drift.
  traits: z
    .looseObject({
      email: scalar.optional(),
      firstName: scalar.optional(),
      lastName: scalar.optional(),
      phone: scalar.optional(),
    })
    .nullable()
    .optional(),
  context: z
    .looseObject({
      ip: z.string().optional(),
      userAgent: z.string().optional(),
      page: z.looseObject({ url: z.string().optional(), path: z.string().optional(), referrer: z.string().optional(), title: z.string().optional() }).optional(),
      campaign: z
        .looseObject({
          name: z.string().optional(),
          source: z.string().optional(),
          medium: z.string().optional(),
          term: z.string().optional(),
          content: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** After this many malformed lines in one file, only the count is reported. */
const WARNINGS_PER_FILE = 20;

type LineVerdict = { readonly event: JsonRecord } | { readonly skip: string } | { readonly blank: true };

/** Decides what one line is: an event, a blank line, or malformed (with the reason). */
export function parseEventLine(text: string | undefined): LineVerdict {
  if (text === undefined) return { skip: 'line too long' };
  if (text.trim() === '') return { blank: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { skip: 'not valid JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { skip: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.messageId !== 'string' || v.messageId === '') return { skip: 'missing messageId' };
  if (typeof v.type !== 'string') return { skip: 'missing type' };
  if (!(SEGMENT_EVENT_TYPES as readonly string[]).includes(v.type)) return { skip: `unsupported event type "${v.type}"` };
  return { event: v as JsonRecord };
}

export const eventsStream: Stream<WebEventsConfig> = {
  name: 'events',
  description: 'Segment-spec page, track and identify events from JSONL files, one row per event (messageId), unchanged.',
  primaryKey: ['messageId'],
  cursorField: 'timestamp',
  schema: segmentEventSchema,
  pii: {
    userId: 'person_id',
    anonymousId: 'online_identifier',
    'traits.email': 'email',
    'traits.firstName': 'name',
    'traits.lastName': 'name',
    'traits.phone': 'phone',
    'context.ip': 'ip_address',
  },
  read: readEvents,
};

async function* readEvents(state: StreamState | undefined, ctx: ReadContext<WebEventsConfig>): AsyncIterable<Batch> {
  const dir = path.resolve(ctx.config.path);
  const batchSize = Math.max(1, ctx.config.batch_size ?? ctx.batchSize);
  const files: Record<string, FileCursor> = { ...readState(state, ctx.log) };
  const names = await listJsonl(dir);
  const totals = { files: 0, events: 0, skipped: 0 };
  const skippedByFile: Record<string, number> = {};

  for (const name of names) {
    const full = path.join(dir, name);
    const { size } = await stat(full);
    const prev = files[name];
    let offset = prev?.offset ?? 0;
    let line = prev?.line ?? 0;
    if (prev && (size < prev.size || prev.offset > size)) {
      ctx.log.warn('web events file shrank (truncated or replaced); reading it again from the start', {
        file: name,
        previousSize: prev.size,
        size,
      });
      offset = 0;
      line = 0;
    }
    if (offset >= size) continue;
    totals.files++;

    let records: JsonRecord[] = [];
    let linesInBatch = 0;
    let skippedHere = 0;
    const snapshot = (): StreamState => {
      files[name] = { offset, size, line };
      return { files: { ...files } };
    };

    for await (const l of readLines(full, { start: offset, end: size })) {
      const verdict = parseEventLine(l.text);
      if (!l.terminated && !('event' in verdict)) {
        // Most likely a line still being written: leave it for the next run.
        ctx.log.debug('leaving unterminated last line for the next run', { file: name, line: line + 1 });
        break;
      }
      line++;
      offset = l.next;
      linesInBatch++;
      if ('event' in verdict) {
        records.push(verdict.event);
      } else if ('skip' in verdict) {
        skippedHere++;
        if (skippedHere <= WARNINGS_PER_FILE) {
          ctx.log.warn('skipping malformed web event line', { file: name, line, reason: verdict.skip });
        }
      }
      if (linesInBatch >= batchSize) {
        totals.events += records.length;
        yield { records, state: snapshot() };
        records = [];
        linesInBatch = 0;
      }
    }
    // Also yields when only malformed or blank lines remained, so they are not re-read.
    if (linesInBatch > 0) {
      totals.events += records.length;
      yield { records, state: snapshot() };
    }
    if (skippedHere > 0) {
      skippedByFile[name] = skippedHere;
      totals.skipped += skippedHere;
      if (skippedHere > WARNINGS_PER_FILE) {
        ctx.log.warn('more malformed web event lines were skipped than logged', { file: name, skipped: skippedHere, logged: WARNINGS_PER_FILE });
      }
    }
  }

  if (totals.skipped > 0) ctx.log.warn('skipped malformed web event lines', { skipped: totals.skipped, byFile: skippedByFile });
  ctx.log.info('web events read', { dir, filesRead: totals.files, events: totals.events, skipped: totals.skipped });
}

async function listJsonl(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`web-events path ${dir} cannot be read (${code ?? String(error)})`, {
      hint: 'set `path` to a directory of *.jsonl files (relative paths are resolved against tributary.yml)',
      cause: error,
    });
  }
  // Code-unit order, not locale order: events-2026-11-01.jsonl sorts before events-2026-11-02.jsonl everywhere.
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function readState(state: StreamState | undefined, log: Logger): Record<string, FileCursor> {
  const out: Record<string, FileCursor> = {};
  const files = (state as { files?: unknown } | undefined)?.files;
  if (state === undefined || files === undefined) return out;
  if (!files || typeof files !== 'object' || Array.isArray(files)) {
    log.warn('ignoring unreadable web events state; reading every file from the start', { state });
    return out;
  }
  for (const [name, cursor] of Object.entries(files as Record<string, unknown>)) {
    const c = cursor as Partial<FileCursor> | null;
    if (c && Number.isSafeInteger(c.offset) && Number.isSafeInteger(c.size) && c.offset! >= 0) {
      out[name] = { offset: c.offset!, size: c.size!, line: Number.isSafeInteger(c.line) ? c.line! : 0 };
    } else {
      log.warn('ignoring unreadable web events file cursor; reading that file from the start', { file: name });
    }
  }
  return out;
}
