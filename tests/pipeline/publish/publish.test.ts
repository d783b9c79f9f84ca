/**
 * Publishing the analyst database: each policy masks as documented, the strictest of a
 * column's tags wins, the file is replaced whole, and personal data that no tag
 * governs stops the publish — leaving the previous analytics file as it was.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { govern } from '../../../governance/govern.js';
import { publish, type PublishTable } from '../../../pipeline/publish/publish.js';
import { Warehouse, withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { PII_TAXONOMY } from '../../../schema/pii-taxonomy.js';
import { tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let wh: Warehouse | undefined;
afterEach(() => {
  wh?.close();
  wh = undefined;
  dir?.remove();
});

const KEY = 'a-test-key-of-sixteen-or-more';
const defaults = Object.fromEntries(Object.values(PII_TAXONOMY).map((t) => [t.tag, t.defaultMasking])) as Parameters<typeof publish>[0]['masking'];

async function warehouseWithPeople() {
  dir = tempDir();
  wh = await Warehouse.open(join(dir.path, 'warehouse.duckdb'));
  await wh.run(`create table main.people as select * from (values
    ('c1', 'ada@example.com', '+44 20 7946 0958', 'Ada', 'anon-1', true, 3),
    ('c2', 'grace@navy.mil', null, 'Grace', 'anon-2', false, 5)
  ) t(customer_id, email, phone, first_name, browser, subscribed, visits)`);
  return { wh, analytics: join(dir.path, 'analytics.duckdb') };
}

const people: PublishTable = {
  name: 'people',
  description: 'People, one row each',
  piiColumns: [
    { column: 'email', tags: ['email'] },
    { column: 'phone', tags: ['phone'] },
    { column: 'first_name', tags: ['name'] },
    // Two tags: hash (online_identifier) and redact (ip_address) → redact wins.
    { column: 'browser', tags: ['online_identifier', 'ip_address'] },
  ],
  columnDescriptions: { email: 'Best email' },
};

describe('publish', () => {
  it('masks each tagged column by its policy and keeps the rest', async () => {
    const { wh, analytics } = await warehouseWithPeople();
    const result = await publish({ wh, analyticsPath: analytics, tables: [people], masking: defaults, pseudonymKey: KEY });
    expect(result.tables[0]).toMatchObject({ name: 'people', rows: 2 });
    expect(result.tables[0]!.masked).toContainEqual({ column: 'browser', tag: 'ip_address', policy: 'redact' });
    const rows = await withWarehouse(analytics, (a) => a.all('select * from people order by customer_id'), { readOnly: true });
    expect(rows).toEqual([
      { customer_id: 'c1', email: 'a***@example.com', phone: '***58', first_name: '[redacted]', browser: '[redacted]', subscribed: true, visits: 3 },
      { customer_id: 'c2', email: 'g***@navy.mil', phone: null, first_name: '[redacted]', browser: '[redacted]', subscribed: false, visits: 5 },
    ]);
    const [comment] = await withWarehouse(analytics, (a) => a.all(`select comment from duckdb_columns() where table_name = 'people' and column_name = 'email'`), { readOnly: true });
    expect(comment).toEqual({ comment: 'Best email' });
  });

  it('hash keeps values joinable but unreadable (HMAC-SHA256 under the key); none publishes as is', async () => {
    const { wh, analytics } = await warehouseWithPeople();
    const masking = { ...defaults, email: 'hash' as const, name: 'none' as const };
    await publish({ wh, analyticsPath: analytics, tables: [people], masking, pseudonymKey: KEY });
    const rows = await withWarehouse(analytics, (a) => a.all('select email, first_name from people order by customer_id'), { readOnly: true });
    expect(rows[0]!.email).toBe(`h_${createHmac('sha256', KEY).update('ada@example.com').digest('hex').slice(0, 24)}`);
    // Another key, other pseudonyms: nobody without the key can compute them.
    await publish({ wh, analyticsPath: analytics, tables: [people], masking, pseudonymKey: `${KEY}-other` });
    const again = await withWarehouse(analytics, (a) => a.all('select email from people order by customer_id'), { readOnly: true });
    expect(again[0]!.email).toMatch(/^h_[0-9a-f]{24}$/);
    expect(again[0]!.email).not.toBe(rows[0]!.email);
    expect(rows.map((r) => r.first_name)).toEqual(['Ada', 'Grace']);
  });

  it('replaces emails and phones inside untagged text and lists of text, and reports where', async () => {
    const { wh, analytics } = await warehouseWithPeople();
    await wh.run(`create table main.notes as select * from (values
      (1, 'Acme Ltd', ['ok', 'mail jo@acme.test']),
      (2, 'ring +1 415 555 0100', ['fine']),
      (3, 'Globex', cast([] as varchar[]))
    ) t(id, company, tags)`);
    const result = await publish({ wh, analyticsPath: analytics, tables: [{ name: 'notes', piiColumns: [] }], masking: defaults, pseudonymKey: KEY });
    expect(result.tables[0]!.scrubbed).toEqual([
      { column: 'company', values: 1 },
      { column: 'tags', values: 1 },
    ]);
    expect(await withWarehouse(analytics, (a) => a.all('select * from notes order by id'), { readOnly: true })).toEqual([
      { id: 1, company: 'Acme Ltd', tags: ['ok', 'mail [redacted email]'] },
      { id: 2, company: 'ring [redacted phone]', tags: ['fine'] },
      { id: 3, company: 'Globex', tags: [] },
    ]);
  });

  it('replaces the file whole on the next publish', async () => {
    const { wh, analytics } = await warehouseWithPeople();
    await publish({ wh, analyticsPath: analytics, tables: [people], masking: defaults, pseudonymKey: KEY });
    await wh.run(`insert into main.people values ('c3', 'x@y.z', null, 'X', 'anon-3', true, 1)`);
    await publish({ wh, analyticsPath: analytics, tables: [people], masking: defaults, pseudonymKey: KEY });
    expect(await withWarehouse(analytics, (a) => a.all('select count(*)::int as n from people'), { readOnly: true })).toEqual([{ n: 3 }]);
    expect(existsSync(`${analytics}.tmp`)).toBe(false);
  });

  it('fails closed on personal data no tag governs, naming the column and its lineage; the old file stays', async () => {
    const { wh, analytics } = await warehouseWithPeople();
    await publish({ wh, analyticsPath: analytics, tables: [people], masking: defaults, pseudonymKey: KEY });
    // The same table, but nobody tagged `email` this time: the classifier finds it.
    const untagged = { ...people, piiColumns: people.piiColumns.filter((c) => c.column !== 'email') };
    const governance = await govern({
      conn: wh.conn,
      models: [{ name: 'people', relation: 'main.people', compiledSql: 'select * from main.people', published: true, columns: [] }],
      rawColumns: [],
      log: silentLogger(),
    });
    const ungoverned = governance.ungoverned.map((u) => ({ table: u.relation, column: u.column, detected: u.detected, reason: u.reason, lineage: u.lineage }));
    expect(ungoverned.map((u) => u.column)).toContain('email');
    await expect(publish({ wh, analyticsPath: analytics, tables: [untagged], masking: defaults, pseudonymKey: KEY, ungoverned })).rejects.toThrow(
      /publish refused: personal data without a PII tag would reach analysts:\n\s+- main\.people\.email: looks like email/,
    );
    const rows = await withWarehouse(analytics, (a) => a.all(`select email from people where customer_id = 'c1'`), { readOnly: true });
    expect(rows).toEqual([{ email: 'a***@example.com' }]);
  });
});
