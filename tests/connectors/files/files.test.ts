/**
 * The files connector through the CLI: a folder of CSV, JSONL and Parquet lead files
 * with declared types and PII tags. A malformed file is named with its line (and not
 * its contents), skipped whole while the others land, and read again once fixed;
 * unchanged files are not re-read, a changed one is.
 */
import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let config: string;
const drops = () => join(dir.path, 'drops');

interface StreamRow {
  stream: string;
  status: string;
  read: number;
  inserted: number;
}

async function sync(): Promise<{ code: number | null; rows: StreamRow[]; text: string }> {
  const r = await runCli(['sync', '--config', config, '--extract-only', '--format', 'json']);
  return { code: r.code, rows: (JSON.parse(r.stdout || '{}') as { streams?: StreamRow[] }).streams ?? [], text: r.stdout + r.stderr };
}

async function landed(): Promise<{ email: string; score: bigint; _file: string }[]> {
  return withWarehouse(join(dir.path, 'warehouse.duckdb'), async (wh) => (await wh.all(`select email, score, _file from raw.files_leads order by email`)) as never, { readOnly: true });
}

beforeAll(async () => {
  dir = tempDir('tributary-files-');
  mkdirSync(drops());
  writeFileSync(join(drops(), 'a.csv'), 'email,score,signed_up\nann@leads.example,5,2026-01-02\nbob@leads.example,7,2026-01-03\n');
  writeFileSync(join(drops(), 'b.jsonl'), '{"email":"cat@leads.example","score":3,"signed_up":"2026-02-01"}\n');
  writeFileSync(join(drops(), 'bad.csv'), 'email,score,signed_up\ndan@leads.example,4,2026-01-02\neve@leads.example,seven,2026-01-03\n');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`copy (select 'fay@leads.example' as email, 9::bigint as score, date '2026-03-01' as signed_up) to '${join(drops(), 'c.parquet')}' (format parquet)`);
  conn.closeSync();
  config = dir.file(
    'tributary.yml',
    'version: 1\nsources:\n  agency:\n    type: files\n    tables:\n      leads:\n        path: drops\n        columns: { email: string, score: integer, signed_up: date }\n        primary_key: [email]\n        pii: { email: email }\n',
  );
}, 60_000);
afterAll(() => dir?.remove());

describe('files connector', () => {
  it('lands the good files and names the malformed one with its line, never half of it', async () => {
    const r = await sync();
    expect(r.code).toBe(1);
    expect(r.text).toContain('bad.csv: line 3: column "score" is not BIGINT');
    expect(r.text).not.toContain('eve@leads.example');
    expect(r.text).not.toContain('seven');
    const rows = await landed();
    expect(rows.map((x) => x.email)).toEqual(['ann@leads.example', 'bob@leads.example', 'cat@leads.example', 'fay@leads.example']);
    expect(rows.find((x) => x.email === 'fay@leads.example')).toMatchObject({ score: 9n, _file: 'drops/c.parquet' });
  });

  it('reads only new or changed files, and the fixed file once it is fixed', async () => {
    writeFileSync(join(drops(), 'bad.csv'), 'email,score,signed_up\ndan@leads.example,4,2026-01-02\neve@leads.example,7,2026-01-03\n');
    const fixed = await sync();
    expect(fixed.code, fixed.text).toBe(0);
    expect(fixed.rows.find((s) => s.stream === 'leads')).toMatchObject({ read: 2, inserted: 2 });

    appendFileSync(join(drops(), 'a.csv'), 'gus@leads.example,1,2026-01-05\n');
    utimesSync(join(drops(), 'a.csv'), new Date(), new Date(Date.now() + 5000));
    const changed = await sync();
    expect(changed.code, changed.text).toBe(0);
    // Only a.csv is read again: its 3 rows, of which one is new.
    expect(changed.rows.find((s) => s.stream === 'leads')).toMatchObject({ read: 3, inserted: 1 });
    expect((await landed()).map((x) => x.email)).toContain('gus@leads.example');
  });

  it('rejects a PII tag on an undeclared column with its key path', async () => {
    const bad = dir.file('bad.yml', 'version: 1\nsources:\n  agency:\n    type: files\n    tables:\n      leads:\n        path: drops\n        columns: { email: string }\n        pii: { mail: email }\n');
    const r = await runCli(['sync', '--config', bad, '--extract-only']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources.agency.tables.leads.pii.mail: not one of the declared columns');
  });

  it('stages a table declared kind: event_leads under any name, from a file named anything', async () => {
    const ws = join(dir.path, 'kind');
    mkdirSync(join(ws, 'agency-drop'), { recursive: true });
    writeFileSync(join(ws, 'agency-drop', 'Spring Expo scans (final).csv'),
      'name,email,company,phone,event,date\nIda Lane,ida@expo.example,Lane & Co,+44 20 7946 0018,Spring Expo,2026-04-02\nJon Poe,JON@expo.example,,,Spring Expo,2026-04-02\n');
    const cfg = join(ws, 'tributary.yml');
    writeFileSync(cfg, 'version: 1\nsources:\n  expo_agency:\n    type: files\n    tables:\n      booth_scans:\n        kind: event_leads\n        path: agency-drop\n        format: csv\n' +
      '        columns: { name: string, email: string, company: string, phone: string, event: string, date: date }\n        primary_key: [email, event]\n        pii: { name: name, email: email, phone: phone }\n');
    const r = await runCli(['sync', '--config', cfg, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { streams: (StreamRow & { source: string })[] }).streams.find((s) => s.source === 'expo_agency')).toMatchObject({ stream: 'event_leads', inserted: 2 });
    const staged = await withWarehouse(join(ws, 'warehouse.duckdb'), (wh) => wh.all('select source_id, email_normalized, event_name, company from main.stg_files__event_leads order by email_normalized'), { readOnly: true });
    expect(staged).toEqual([
      { source_id: 'expo_agency', email_normalized: 'ida@expo.example', event_name: 'Spring Expo', company: 'Lane & Co' },
      { source_id: 'expo_agency', email_normalized: 'jon@expo.example', event_name: 'Spring Expo', company: null },
    ]);

    const short = dir.file('short.yml', 'version: 1\nsources:\n  agency:\n    type: files\n    tables:\n      scans:\n        kind: event_leads\n        path: drops\n        columns: { email: string, event: string }\n');
    const bad = await runCli(['sync', '--config', short, '--extract-only']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('sources.agency.tables.scans.columns: kind event_leads needs the columns name, email, company, phone, event, date; missing name, company, phone, date');
  }, 120_000);
});
