/**
 * OpenLineage from a sync, configured in tributary.yml as a user would: the events go to
 * a JSONL file and are POSTed to a Marquez-like loopback endpoint (which answers its
 * first request with a 503, so the retry is exercised, and wants the API key as a bearer
 * token). Every event emitted, by either transport, validates against the spec's JSON
 * Schemas (../shared/openlineage); each job has a START and a COMPLETE or FAIL; column
 * lineage reaches from API fields to marts with masking flagged; no secret is in a payload.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLineageValidator } from '../../helpers/openlineage-spec.js';
import { runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

type Event = {
  eventType: string;
  eventTime: string;
  run: { runId: string; facets: Record<string, { message?: string; run?: { runId: string } }> };
  job: { namespace: string; name: string };
  inputs: { namespace: string; name: string }[];
  outputs: { namespace: string; name: string; facets?: { columnLineage?: { fields: Record<string, { inputFields: { namespace: string; name: string; field: string; transformations: { type: string; subtype?: string; masking?: boolean }[] }[] }> } } }[];
};

const API_KEY = 'ol-key-3f9a2c7d1b8e4a60';
const BAD_HUBSPOT_TOKEN = 'pat-wrong-7d1e9c3b5a';

let world: TestWorld;
let server: Server;
let sync: CliResult;
let fileEvents: Event[];
const posted: { headers: IncomingHttpHeaders; body: string }[] = [];
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      requests++;
      if (requests === 1) return res.writeHead(503).end(); // Marquez restarting: the client retries
      if (req.url !== '/api/v1/lineage' || req.method !== 'POST') return res.writeHead(404).end();
      posted.push({ headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  world = await startTestWorld({ people: 60, days: 7 });
  const config = world.writeConfig();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  appendFileSync(config, `lineage:\n  openlineage:\n    file: lineage/events.jsonl\n    url: ${url}\n    api_key: \${OPENLINEAGE_API_KEY}\n    namespace: acme\n`);
  // HubSpot rejects this token: its streams fail, the rest of the sync goes on (a partial run).
  sync = await runCli(['sync', '--config', config], { env: { ...world.env, HUBSPOT_TOKEN: BAD_HUBSPOT_TOKEN, OPENLINEAGE_API_KEY: API_KEY }, timeoutMs: 180_000 });
  fileEvents = readFileSync(join(world.dir.path, 'lineage', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
}, 240_000);
afterAll(async () => {
  await world?.close();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe('OpenLineage events of a sync', () => {
  it('ran the sync (partial: HubSpot refused its token)', () => {
    expect(sync.code, sync.stderr).toBe(1);
    expect(sync.stdout + sync.stderr).toContain('hubspot');
  });

  it('every event written to the file and every event POSTed validates against the OpenLineage spec', () => {
    const validator = openLineageValidator();
    const postedEvents = posted.map((p) => JSON.parse(p.body) as Event);
    expect(fileEvents.length).toBeGreaterThan(40);
    expect(postedEvents).toEqual(fileEvents); // the 503 was retried: nothing lost
    const problems = fileEvents.flatMap((e) => validator.problems(e).map((p) => `${e.job.name} ${e.eventType}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('has a START and one COMPLETE or FAIL per job run: streams, models and published tables', () => {
    const byRun = new Map<string, Event[]>();
    for (const e of fileEvents) byRun.set(e.run.runId, [...(byRun.get(e.run.runId) ?? []), e]);
    for (const [, events] of byRun) {
      expect(events.map((e) => e.eventType).sort()).toSatisfy((t: string[]) => t.length === 2 && t.includes('START') && (t.includes('COMPLETE') || t.includes('FAIL')));
    }
    const jobs = new Set(fileEvents.map((e) => e.job.name));
    for (const job of ['extract.mailchimp.members', 'extract.hubspot.contacts', 'build.customers', 'build.stg_hubspot__contacts', 'publish.customers']) expect(jobs).toContain(job);
    expect(new Set(fileEvents.map((e) => e.job.namespace))).toEqual(new Set(['acme']));
    // One parent run (the sync) for all of them.
    expect(new Set(fileEvents.map((e) => e.run.facets.parent?.run?.runId)).size).toBe(1);
  });

  it('a failed stream FAILs with its error; the others COMPLETE', () => {
    const hubspot = fileEvents.find((e) => e.job.name === 'extract.hubspot.contacts' && e.eventType !== 'START')!;
    expect(hubspot.eventType).toBe('FAIL');
    expect(hubspot.run.facets.errorMessage?.message).toMatch(/401|token|auth/i);
    expect(fileEvents.find((e) => e.job.name === 'extract.mailchimp.members' && e.eventType !== 'START')!.eventType).toBe('COMPLETE');
  });

  it('column lineage runs from API fields to raw columns to marts, and flags masking where a policy applies', () => {
    const complete = (job: string) => fileEvents.find((e) => e.job.name === job && e.eventType === 'COMPLETE')!;
    const members = complete('extract.mailchimp.members').outputs[0]!;
    expect(members.name).toBe('raw.mailchimp_members');
    expect(members.facets!.columnLineage!.fields['email_address']!.inputFields).toEqual([
      { namespace: 'mailchimp://mailchimp', name: 'members', field: 'email_address', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', description: 'field', masking: false }] },
    ]);
    const customers = complete('build.customers').outputs[0]!;
    expect(customers.facets!.columnLineage!.fields['email']!.inputFields.map((i) => `${i.name}.${i.field}`)).toContain('main.int_identity__nodes.email_normalized');
    const published = complete('publish.customers').outputs[0]!;
    expect(published.namespace).toMatch(/analytics\.duckdb$/);
    const email = published.facets!.columnLineage!.fields['email']!.inputFields[0]!;
    expect(email.transformations[0]).toMatchObject({ type: 'DIRECT', masking: true, description: 'masking:partial' });
    const country = published.facets!.columnLineage!.fields['country']!.inputFields[0]!;
    expect(country.transformations[0]).toMatchObject({ masking: false });
  });

  it('sends the API key only as a bearer token, and no secret in any payload', () => {
    expect(posted.every((p) => p.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const everything = readFileSync(join(world.dir.path, 'lineage', 'events.jsonl'), 'utf8') + posted.map((p) => p.body).join('');
    for (const secret of [API_KEY, BAD_HUBSPOT_TOKEN, ...Object.values(world.env)]) expect(everything).not.toContain(secret);
  });
});
