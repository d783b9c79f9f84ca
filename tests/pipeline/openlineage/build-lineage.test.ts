/**
 * OpenLineage from `tributary build` (the dbt verb) as a user runs it: the shop project
 * plus a model that fails, events to a JSONL file (`--openlineage-file`) and POSTed to a
 * loopback endpoint named by OPENLINEAGE_URL. Every event validates against the spec's
 * JSON Schemas (../shared/openlineage); each model ran has START and COMPLETE or FAIL,
 * with its columns and their input columns.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShopProject } from '../../engine/dbt-project-fixture.js';
import { removeDir } from '../../engine/fixtures.js';
import { openLineageValidator } from '../../helpers/openlineage-spec.js';
import { runCli, type CliResult } from '../../helpers/workspace.js';

type Event = {
  eventType: string;
  job: { namespace: string; name: string };
  run: { facets: Record<string, { message?: string }> };
  inputs: { name: string }[];
  outputs: { name: string; facets: { schema: { fields: { name: string; type: string }[] }; columnLineage: { fields: Record<string, { inputFields: { name: string; field: string }[] }> } } }[];
};

const API_KEY = 'ol-build-key-5c1d9e2a7b';
let dir: string;
let server: Server;
let build: CliResult;
let events: Event[];
const posted: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      posted.push({ headers: req.headers, body });
      res.writeHead(201).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  dir = writeShopProject({ 'models/marts/broken.sql': "select no_such_column from {{ ref('stg_orders') }}" });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--openlineage-file', 'lineage.jsonl'], {
    cwd: dir,
    env: { OPENLINEAGE_URL: url, OPENLINEAGE_API_KEY: API_KEY, OPENLINEAGE_NAMESPACE: 'shop-ci' },
  });
  events = readFileSync(path.join(dir, 'lineage.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
}, 120_000);
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  if (dir) removeDir(path.dirname(dir));
});

describe('OpenLineage from tributary build', () => {
  it('every event, in the file and posted, validates against the spec', () => {
    expect(build.code, build.stderr).toBe(1); // the broken model fails the build
    const validator = openLineageValidator();
    for (const e of events) expect(validator.problems(e)).toEqual([]);
    expect(posted.map((p) => JSON.parse(p.body) as Event)).toEqual(events);
    expect(posted.every((p) => p.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(posted.some((p) => p.body.includes(API_KEY))).toBe(false);
  });

  it('START and COMPLETE per model built, START and FAIL with the error for the one that failed', () => {
    const byJob = (name: string) => events.filter((e) => e.job.name === name).map((e) => e.eventType);
    expect(byJob('build.stg_orders')).toEqual(['START', 'COMPLETE']);
    expect(byJob('build.customer_revenue')).toEqual(['START', 'COMPLETE']);
    expect(byJob('build.broken')).toEqual(['START', 'FAIL']);
    const fail = events.find((e) => e.job.name === 'build.broken' && e.eventType === 'FAIL')!;
    expect(fail.run.facets['errorMessage']?.message).toMatch(/no_such_column/);
    expect(events.every((e) => e.job.namespace === 'shop-ci')).toBe(true);
  });

  it('carries each model’s columns and the input columns they come from', () => {
    const done = events.find((e) => e.job.name === 'build.customer_revenue' && e.eventType === 'COMPLETE')!;
    expect(done.inputs.map((i) => i.name)).toEqual(['main.stg_orders']);
    const out = done.outputs[0]!;
    expect(out.name).toBe('main.customer_revenue');
    expect(out.facets.schema.fields.map((f) => f.name)).toEqual(['customer_id', 'amount_paid', 'amount_refunded', 'amount_pending']);
    expect(out.facets.columnLineage.fields['customer_id']!.inputFields).toContainEqual(expect.objectContaining({ name: 'main.stg_orders', field: 'customer_id' }));
    expect(out.facets.columnLineage.fields['amount_paid']!.inputFields).toContainEqual(expect.objectContaining({ name: 'main.stg_orders', field: 'amount' }));
  });
});
