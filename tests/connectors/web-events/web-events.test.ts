import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, type Logger } from '../../../core/index.js';
import { createHttpClient, type Batch, type StreamState } from '../../../connectors/sdk/index.js';
import { webEventsConnector, type WebEventsConfig } from '../../../connectors/web-events/index.js';
import { appendWebEvents, writeWebEventFiles } from '../../../sandbox/web-events/files.js';
import type { SegmentEvent } from '../../../sandbox/world/types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-web-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function event(i: number, day: string, overrides: Partial<SegmentEvent> = {}): SegmentEvent {
  const identify = i % 5 === 0;
  return {
    type: identify ? 'identify' : i % 2 === 0 ? 'track' : 'page',
    messageId: `msg-${day}-${String(i).padStart(4, '0')}`,
    anonymousId: `anon-${i % 7}`,
    userId: identify ? `user-${i % 7}` : null,
    timestamp: `${day}T${String(8 + (i % 12)).padStart(2, '0')}:15:00.000Z`,
    ...(identify
      ? { traits: { email: ` Person${i % 7}@Example.com `, firstName: 'Ada', lastName: 'Lovelace', phone: '(415) 555-0100' } }
      : i % 2 === 0
        ? { event: 'Form Submitted', properties: { form: 'demo', value: i } }
        : { name: 'Pricing', properties: {} }),
    context: {
      ip: `203.0.113.${i % 250}`,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      page: { url: `https://example.com/pricing?utm_campaign=spring_sale_2026&i=${i}`, path: '/pricing', referrer: 'https://www.google.com/', title: 'Pricing — Ünïcode' },
      campaign: { name: 'spring_sale_2026', source: 'facebook', medium: 'paid_social', content: 'video_a' },
    },
    ...overrides,
  };
}

function captureLogger(): { log: Logger; warns: { msg: string; fields: Record<string, unknown> | undefined }[] } {
  const warns: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const make = (): Logger => ({ debug: () => {}, info: () => {}, warn: (msg, fields) => warns.push({ msg, fields }), error: () => {}, child: () => make() });
  return { log: make(), warns };
}

const http = createHttpClient({ source: 'web-events', profile: { baseURL: 'http://127.0.0.1:9' } });

async function read(state: StreamState | undefined, opts: { batchSize?: number; stopAfter?: number; log?: Logger; config?: Partial<WebEventsConfig> } = {}): Promise<Batch[]> {
  const config = webEventsConnector.configSchema.parse({ path: dir, ...opts.config });
  const batches: Batch[] = [];
  const stream = webEventsConnector.streams[0]!;
  for await (const b of stream.read(state, { config, http, log: opts.log ?? captureLogger().log, signal: new AbortController().signal, batchSize: opts.batchSize ?? 100 })) {
    batches.push(b);
    if (opts.stopAfter !== undefined && batches.length >= opts.stopAfter) break;
  }
  return batches;
}

const records = (batches: Batch[]) => batches.flatMap((b) => b.records);
const last = (batches: Batch[]) => batches.at(-1)!.state;
const ids = (batches: Batch[]) => records(batches).map((r) => r.messageId as string);

const day1 = Array.from({ length: 23 }, (_, i) => event(i, '2026-10-30'));
const day2 = Array.from({ length: 17 }, (_, i) => event(i, '2026-10-31'));

describe('web-events connector', () => {
  it('declares the contract', () => {
    expect(webEventsConnector).toMatchObject({ type: 'web-events', tablePrefix: 'web', secretKeys: [] });
    expect(webEventsConnector.http).toBeUndefined();
    const s = webEventsConnector.streams[0]!;
    expect(s).toMatchObject({ name: 'events', primaryKey: ['messageId'], cursorField: 'timestamp' });
    expect(s.pii).toEqual({
      userId: 'person_id',
      anonymousId: 'online_identifier',
      'traits.email': 'email',
      'traits.firstName': 'name',
      'traits.lastName': 'name',
      'traits.phone': 'phone',
      'context.ip': 'ip_address',
    });
    expect(webEventsConnector.configSchema.safeParse({ path: dir, extra: 1 }).success).toBe(false);
  });

  it('reads every file in name order, one file per UTC day, records unchanged', async () => {
    const written = await writeWebEventFiles(dir, [...day2, ...day1]);
    expect(written).toEqual(['events-2026-10-30.jsonl', 'events-2026-10-31.jsonl']);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an event file\n');
    const batches = await read(undefined, { batchSize: 10 });
    expect(records(batches)).toEqual([...day1, ...day2]);
    expect(batches.map((b) => b.records.length)).toEqual([10, 10, 3, 10, 7]);
    for (const r of records(batches)) expect(webEventsConnector.streams[0]!.schema.safeParse(r).success).toBe(true);
    const sizes = Object.fromEntries(written.map((f) => [f, fs.statSync(path.join(dir, f)).size]));
    expect(last(batches)).toEqual({
      files: {
        'events-2026-10-30.jsonl': { offset: sizes['events-2026-10-30.jsonl'], size: sizes['events-2026-10-30.jsonl'], line: 23 },
        'events-2026-10-31.jsonl': { offset: sizes['events-2026-10-31.jsonl'], size: sizes['events-2026-10-31.jsonl'], line: 17 },
      },
    });
    // Nothing new: nothing read.
    expect(await read(last(batches))).toEqual([]);
  });

  it('uses batch_size from config over the pipeline hint', async () => {
    await writeWebEventFiles(dir, day1);
    const batches = await read(undefined, { batchSize: 100, config: { batch_size: 5 } });
    expect(batches.map((b) => b.records.length)).toEqual([5, 5, 5, 5, 3]);
  });

  it('resumes mid-file from a checkpoint without duplicates or losses', async () => {
    await writeWebEventFiles(dir, [...day1, ...day2]);
    const first = await read(undefined, { batchSize: 7, stopAfter: 2 }); // "crash" after 14 lines of day 1
    expect(ids(first)).toHaveLength(14);
    const rest = await read(last(first), { batchSize: 7 });
    const all = [...ids(first), ...ids(rest)];
    expect(all).toEqual([...day1, ...day2].map((e) => e.messageId));
  });

  it('picks up lines appended to a file and new files', async () => {
    await writeWebEventFiles(dir, day1.slice(0, 10));
    const first = await read(undefined);
    expect(ids(first)).toHaveLength(10);
    const more = [...day1.slice(10), ...day2];
    expect(await appendWebEvents(dir, more)).toEqual(['events-2026-10-30.jsonl', 'events-2026-10-31.jsonl']);
    const second = await read(last(first));
    expect(ids(second)).toEqual(more.map((e) => e.messageId));
    expect((last(second) as { files: Record<string, { line: number }> }).files['events-2026-10-30.jsonl']!.line).toBe(23);
  });

  it('skips and counts malformed lines, naming file and line, without stopping', async () => {
    const good = day1.slice(0, 4).map((e) => JSON.stringify(e));
    const lines = [
      good[0],
      '{"type":"track","messageId":', // truncated JSON
      good[1],
      JSON.stringify({ type: 'track', anonymousId: 'a' }), // no messageId
      '',
      JSON.stringify({ messageId: 'm-no-type' }),
      JSON.stringify({ type: 'screen', messageId: 'm-screen' }),
      '[1,2,3]',
      good[2],
      good[3],
    ];
    fs.writeFileSync(path.join(dir, 'events-2026-10-30.jsonl'), lines.join('\n') + '\n');
    const { log, warns } = captureLogger();
    const batches = await read(undefined, { log, batchSize: 3 });
    expect(ids(batches)).toEqual(day1.slice(0, 4).map((e) => e.messageId));
    const lineWarns = warns.filter((w) => w.msg === 'skipping malformed web event line').map((w) => [w.fields!.file, w.fields!.line, w.fields!.reason]);
    expect(lineWarns).toEqual([
      ['events-2026-10-30.jsonl', 2, 'not valid JSON'],
      ['events-2026-10-30.jsonl', 4, 'missing messageId'],
      ['events-2026-10-30.jsonl', 6, 'missing type'],
      ['events-2026-10-30.jsonl', 7, 'unsupported event type "screen"'],
      ['events-2026-10-30.jsonl', 8, 'not a JSON object'],
    ]);
    expect(warns.find((w) => w.msg === 'skipped malformed web event lines')!.fields).toMatchObject({ skipped: 5, byFile: { 'events-2026-10-30.jsonl': 5 } });
    // The state covers the malformed lines too: a re-run does not warn again.
    const again = captureLogger();
    expect(await read(last(batches), { log: again.log })).toEqual([]);
    expect(again.warns).toEqual([]);
  });

  it('leaves a half-written last line for the next run', async () => {
    const file = path.join(dir, 'events-2026-10-30.jsonl');
    const full = JSON.stringify(day1[1]);
    fs.writeFileSync(file, JSON.stringify(day1[0]) + '\n' + full.slice(0, 40));
    const { log, warns } = captureLogger();
    const first = await read(undefined, { log });
    expect(ids(first)).toEqual([day1[0]!.messageId]);
    expect(warns).toEqual([]);
    fs.appendFileSync(file, full.slice(40) + '\n');
    const second = await read(last(first));
    expect(ids(second)).toEqual([day1[1]!.messageId]);
  });

  it('takes a complete last line without a newline, and CRLF files', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), day1.slice(0, 3).map((e) => JSON.stringify(e)).join('\r\n'));
    const first = await read(undefined);
    expect(ids(first)).toEqual(day1.slice(0, 3).map((e) => e.messageId));
    fs.appendFileSync(path.join(dir, 'a.jsonl'), '\r\n' + JSON.stringify(day1[3]) + '\r\n');
    const second = await read(last(first));
    expect(ids(second)).toEqual([day1[3]!.messageId]);
  });

  it('re-reads a file that shrank (truncated or replaced) with a warning', async () => {
    await writeWebEventFiles(dir, day1);
    const first = await read(undefined);
    await writeWebEventFiles(dir, day1.slice(0, 3));
    const { log, warns } = captureLogger();
    const second = await read(last(first), { log });
    expect(ids(second)).toEqual(day1.slice(0, 3).map((e) => e.messageId));
    expect(warns.map((w) => w.msg)).toContain('web events file shrank (truncated or replaced); reading it again from the start');
  });

  it('fails with ConfigError when the folder is missing', async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await expect(read(undefined)).rejects.toBeInstanceOf(ConfigError);
  });
});
