/**
 * Lasting customer ids: build after build, on the same warehouse, a merge keeps the id
 * given out first, a split leaves the id with the part holding the earliest member,
 * unrelated customers keep theirs, --full-refresh keeps them all, and identity_history
 * has one row per change.
 *
 *   build 1  A (a@, created Jan 10), B, U, and S = S1 (Feb 1) + S2 (Jan 20) sharing s@
 *   build 2  C (c@, created Dec 1, before everyone): a new customer
 *   build 3  A's email becomes c@ → A and C merge: A's id (given out first) survives
 *            although C was identified earlier; S1's email changes → S splits: S2, the
 *            earliest member, keeps S's id
 *   build 4  A's email goes back to a@ → {A, C} splits: C (earliest) keeps A's old id,
 *            A gets a new one (A's own hash is taken, so a salted one)
 *   build 5  --full-refresh: nothing changes
 *   build 6  U is deleted at the source: its key leaves the assignment, and its history row
 *            (no record of it left) goes too
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { runModels, type Manifest } from '../../engine/index.js';
import { registerSqlFunctions } from '../../pipeline/warehouse/sql-functions.js';
import { compileProject } from './build.js';
import { createRawTables, land } from './raw-fixtures.js';
import { customerIdOf } from './scenario.js';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dbt-like-models');

const key = (id: string) => `hubspot:contacts:hubspot:${id}`;
const A = key('1');
const B = key('2');
const C = key('3');
const U = key('4');
const S1 = key('5');
const S2 = key('6');

// Distinct names and nothing else in common: only the emails tie anyone together.
const NAMES: Record<string, [string, string]> = { '1': ['Ada', 'Lovelace'], '2': ['Blaise', 'Pascal'], '3': ['Charles', 'Babbage'], '4': ['Ursula', 'Franklin'], '5': ['Sofia', 'Kovalevskaya'], '6': ['Srinivasa', 'Ramanujan'] };

const contact = (id: string, email: string, created: string, modified = created) => ({
  id,
  properties__email: email,
  properties__firstname: NAMES[id]![0],
  properties__lastname: NAMES[id]![1],
  properties__createdate: created,
  properties__hs_lastmodifieddate: modified,
  properties__hs_object_id: id,
  properties__lifecyclestage: 'lead',
  created_at: created,
  updated_at: modified,
  archived: false,
});

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let manifest: Manifest;
const compiledDir = mkdtempSync(path.join(tmpdir(), 'tributary-compiled-'));
/** identity key → customer_id after each build. */
const ids: Map<string, string>[] = [];
/** identity_history after each build. */
const history: { old_customer_id: string | null; new_customer_id: string; reason: string; identity_keys: string[] }[][] = [];

async function build(fullRefresh = false): Promise<void> {
  // Only the identity models and what they read: the campaign marts need seeds this test has no use for.
  const results = await runModels({ conn, project: manifest, compiledDir, fullRefresh, select: ['+identity_history', '+customers', '+customer_identities'] });
  const failed = results.filter((r) => r.status !== 'success');
  if (failed.length > 0) throw new Error(failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
  const rows = (await conn.runAndReadAll('select identity_key, customer_id from customer_identities')).getRowObjectsJson();
  ids.push(new Map(rows.map((r) => [String(r.identity_key), String(r.customer_id)])));
  history.push(
    (await conn.runAndReadAll('select old_customer_id, new_customer_id, reason, identity_keys from identity_history order by changed_at, reason, new_customer_id')).getRowObjectsJson() as never,
  );
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  registerSqlFunctions(conn);
  await createRawTables(conn);
  manifest = await compileProject(PROJECT_DIR);
  const day1 = { extractedAt: '2026-06-01T00:00:00Z' };
  await land(conn, 'hubspot_contacts', contact('1', 'a@example.com', '2026-01-10T00:00:00.000Z'), day1);
  await land(conn, 'hubspot_contacts', contact('2', 'b@example.com', '2026-01-05T00:00:00.000Z'), day1);
  await land(conn, 'hubspot_contacts', contact('4', 'u@example.com', '2026-01-07T00:00:00.000Z'), day1);
  await land(conn, 'hubspot_contacts', contact('5', 's@example.com', '2026-02-01T00:00:00.000Z'), day1);
  await land(conn, 'hubspot_contacts', contact('6', 's@example.com', '2026-01-20T00:00:00.000Z'), day1);
  await build();

  await land(conn, 'hubspot_contacts', contact('3', 'c@example.com', '2025-12-01T00:00:00.000Z'), { extractedAt: '2026-06-02T00:00:00Z' });
  await build();

  const day3 = { extractedAt: '2026-06-03T00:00:00Z' };
  await land(conn, 'hubspot_contacts', contact('1', 'c@example.com', '2026-01-10T00:00:00.000Z', '2026-06-02T12:00:00.000Z'), day3);
  await land(conn, 'hubspot_contacts', contact('5', 's1@example.com', '2026-02-01T00:00:00.000Z', '2026-06-02T12:00:00.000Z'), day3);
  await build();

  await land(conn, 'hubspot_contacts', contact('1', 'a@example.com', '2026-01-10T00:00:00.000Z', '2026-06-03T12:00:00.000Z'), { extractedAt: '2026-06-04T00:00:00Z' });
  await build();

  await build(true);

  // U deleted at the source: gone from the assignment and from the history's records.
  await land(conn, 'hubspot_contacts', { id: '4' }, { extractedAt: '2026-06-05T00:00:00Z', deleted: true });
  await build();
}, 120_000);

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
});

describe('lasting customer ids', () => {
  it('a first build gives every customer its anchor\'s id and records each as new', () => {
    expect(Object.fromEntries(ids[0]!)).toEqual({
      [A]: customerIdOf(A), [B]: customerIdOf(B), [U]: customerIdOf(U), [S1]: customerIdOf(S2), [S2]: customerIdOf(S2),
    });
    expect(history[0]).toEqual(
      expect.arrayContaining([
        { old_customer_id: null, new_customer_id: customerIdOf(S2), reason: 'new', identity_keys: [S1, S2] },
        { old_customer_id: null, new_customer_id: customerIdOf(A), reason: 'new', identity_keys: [A] },
      ]),
    );
    expect(history[0]).toHaveLength(4);
  });

  it('a new customer gets its own id and one new row; everyone else keeps theirs', () => {
    expect(ids[1]!.get(C)).toBe(customerIdOf(C));
    for (const k of [A, B, U, S1, S2]) expect(ids[1]!.get(k)).toBe(ids[0]!.get(k));
    expect(history[1]!.slice(4)).toEqual([{ old_customer_id: null, new_customer_id: customerIdOf(C), reason: 'new', identity_keys: [C] }]);
  });

  it('on a merge the id given out first survives, even against an earlier-identified record', () => {
    expect(ids[2]!.get(A)).toBe(customerIdOf(A));
    expect(ids[2]!.get(C)).toBe(customerIdOf(A));
    expect(history[2]!.slice(5)).toContainEqual({ old_customer_id: customerIdOf(C), new_customer_id: customerIdOf(A), reason: 'merge', identity_keys: [C] });
  });

  it('on a split the part holding the earliest member keeps the id', () => {
    expect(ids[2]!.get(S2)).toBe(customerIdOf(S2));
    expect(ids[2]!.get(S1)).toBe(customerIdOf(S1));
    expect(history[2]!.slice(5)).toContainEqual({ old_customer_id: customerIdOf(S2), new_customer_id: customerIdOf(S1), reason: 'split', identity_keys: [S1] });
    expect(history[2]).toHaveLength(7);
  });

  it('a split leaves the id with the earliest member even when it was not the id\'s anchor, and never hands out a taken id', () => {
    expect(ids[3]!.get(C)).toBe(customerIdOf(A));
    const fresh = ids[3]!.get(A)!;
    expect(fresh).toMatch(/^cus_[0-9a-f]{16}$/);
    expect([...ids[2]!.values()]).not.toContain(fresh);
    expect(history[3]!.slice(7)).toEqual([{ old_customer_id: customerIdOf(A), new_customer_id: fresh, reason: 'split', identity_keys: [A] }]);
  });

  it('unrelated customers keep their ids through every build, --full-refresh included', () => {
    for (const build of ids.slice(0, 5)) {
      expect(build.get(B)).toBe(customerIdOf(B));
      expect(build.get(U)).toBe(customerIdOf(U));
    }
    expect(Object.fromEntries(ids[4]!)).toEqual(Object.fromEntries(ids[3]!));
    expect(history[4]).toEqual(history[3]);
  });

  it('a record deleted at the source leaves the assignment and the history; so does a change left without records', async () => {
    expect(ids[5]!.has(U)).toBe(false);
    const [state] = (await conn.runAndReadAll(`select count(*) as n from int_identity__components where identity_key = $1`, [U])).getRowObjectsJson();
    expect(state).toEqual({ n: '0' });
    expect(history[5]!.flatMap((h) => h.identity_keys)).not.toContain(U);
    expect(history[5]!.map((h) => h.new_customer_id)).not.toContain(customerIdOf(U));
    expect(history[5]).toHaveLength(history[4]!.length - 1);
    expect(ids[5]!.get(B)).toBe(customerIdOf(B));
  });

  it('customers and their identities agree with the lasting ids', async () => {
    const rows = (await conn.runAndReadAll('select customer_id, identity_count from customers order by customer_id')).getRowObjectsJson();
    expect(rows).toHaveLength(new Set(ids[5]!.values()).size);
    expect(rows.find((r) => r.customer_id === customerIdOf(A))?.identity_count).toBe('1');
  });
});
