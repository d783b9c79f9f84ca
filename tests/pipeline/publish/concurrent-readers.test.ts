/**
 * Analysts keep working while the nightly sync publishes: a separate process holding
 * analytics.duckdb open (a BI tool, a notebook) and opening it afresh in a loop, and
 * `tributary query` run over and over, all through a sync that publishes a new version.
 * Every read succeeds; each sees one whole version — the old or the new, never a mix
 * (a fingerprint read in one statement across tables equals one of the two versions',
 * and no identity points at a customer that version lacks); the connection held open
 * stays on the old version; the publish does not fail because of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { addObject, type HubspotFixtures } from '../../../sandbox/hubspot/fixtures.js';
import { startHubspotWorkspace, type HubspotWorkspace } from '../../helpers/hubspot-workspace.js';
import { REPO_ROOT, runCli, type CliResult } from '../../helpers/workspace.js';

interface ReaderLine {
  readonly ready?: boolean;
  readonly held?: string;
  readonly fresh?: string;
  readonly heldError?: string;
  readonly freshError?: string;
}

let ws: HubspotWorkspace;
let fixtures: HubspotFixtures;
let before: string;
let after: string;
let second: CliResult;
let queries: CliResult[];
let lines: ReaderLine[];
const analytics = () => join(ws.dir.path, 'analytics.duckdb');

/** The same fingerprint the reader computes, read once the file is at rest. */
const fingerprintNow = () =>
  withWarehouse(
    analytics(),
    async (db) => {
      const [r] = await db.all(
        `select (select count(*) from customers) as c, (select count(*) from customer_identities) as i,
                (select count(*) from customer_identities where customer_id not in (select customer_id from customers)) as o,
                (select count(*) from information_schema.tables where table_schema = 'main') as t`,
      );
      return `${r!.c}/${r!.i}/${r!.o}/${r!.t}`;
    },
    { readOnly: true },
  );

function startReader(): { child: ChildProcess; lines: ReaderLine[]; seen: (test: (l: ReaderLine) => boolean) => Promise<void> } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tests', 'helpers', 'analytics-reader.mjs'), analytics()], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const got: ReaderLine[] = [];
  const waiters: { test: (l: ReaderLine) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as ReaderLine;
    got.push(line);
    for (const w of waiters.filter((w) => w.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const seen = (test: (l: ReaderLine) => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (got.some(test)) return resolve();
      const timer = setTimeout(() => reject(new Error(`the reader never reported what was expected; last: ${JSON.stringify(got.at(-1))}`)), 60_000);
      waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { child, lines: got, seen };
}

beforeAll(async () => {
  ws = await startHubspotWorkspace({ people: 40, edit: (f) => (fixtures = f) });
  const first = await runCli(['sync', '--config', ws.config], { env: ws.env });
  expect(first.code, first.stderr).toBe(0);
  before = await fingerprintNow();
  // New people at the source: the next sync publishes a different version.
  for (let i = 0; i < 5; i++) {
    const at = new Date(Date.parse(ws.population.asOf) + 3_600_000).toISOString();
    addObject(fixtures, 'contacts', `990000${i}`, at, at, { email: `late.joiner${i}@example.org`, firstname: 'Late', lastname: `Joiner${i}` });
  }
  const reader = startReader();
  await reader.seen((l) => l.ready === true);
  await reader.seen((l) => l.fresh !== undefined);
  let syncing = true;
  const sync = runCli(['sync', '--config', ws.config], { env: ws.env }).finally(() => (syncing = false));
  queries = [];
  // An analyst re-running a query for as long as the sync lasts.
  while (syncing) {
    queries.push(await runCli(['query', 'select count(*) as n from customers', '--config', ws.config, '--format', 'json'], { env: ws.env }));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  second = await sync;
  after = await fingerprintNow();
  // A fresh open after the publish sees the new file; then the reader stops.
  await reader.seen((l) => l.fresh === after);
  reader.child.kill('SIGTERM');
  await new Promise((resolve) => reader.child.once('exit', resolve));
  lines = reader.lines.filter((l) => !l.ready);
}, 240_000);
afterAll(async () => {
  await ws?.close();
});

describe('readers of analytics.duckdb during a sync', () => {
  it('the publish succeeds while a process holds the old file open, and the new version differs', () => {
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/tables \(\d+ columns masked\) ->/);
    expect(after).not.toBe(before);
  });

  it('a connection held open throughout keeps reading, always the old version', () => {
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((l) => l.heldError)).toEqual([]);
    expect(new Set(lines.map((l) => l.held))).toEqual(new Set([before]));
  });

  it('a fresh open each round always succeeds and sees the old or the new version whole', () => {
    expect(lines.filter((l) => l.freshError)).toEqual([]);
    const versions = new Set(lines.map((l) => l.fresh));
    expect(versions).toEqual(new Set([before, after]));
    // Both versions are whole: no identity without its customer.
    for (const v of versions) expect(v!.split('/')[2]).toBe('0');
  });

  it('`tributary query` run again and again during the sync always answers, from one version or the other', () => {
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q.code, q.stderr).toBe(0);
    const counts = new Set(queries.map((q) => String((JSON.parse(q.stdout) as { n: unknown }[])[0]!.n)));
    for (const n of counts) expect([before.split('/')[0], after.split('/')[0]]).toContain(n);
  });
});
