/**
 * `tributary classify`: IT checks an export (CSV, Parquet, JSON lines) or a warehouse
 * table before it is shared — each column's tag, confidence and evidence, as a table or
 * JSON, and clear errors (exit 2, a hint, no stack trace) for a wrong path or target.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

let dir: TempDir;
let csv: string;

const CSV = [
  'customer,Email Address,cust_ssn,FLAG_PHONE,phone,order_date,amount,card',
  '"Smith, John A",john.smith@example.com,536-90-1234,1,(415) 555-0132,23/04/2024,161400.00,4111111111111111',
  '"Garcia, Maria",maria.garcia@example.org,123-45-6789,0,212-555-0199,01/12/2023,99.90,5500000000000004',
  '"Müller, Hans",hans.mueller@example.de,078-05-1120,1,+1 206 555 0100,15/06/2022,12.00,4012888888881881',
  '"Patel, Priya K",priya.patel@example.in,219-09-9999,0,617.555.0142,30/09/2021,5.50,5105105105105100',
].join('\n');

interface Report {
  kind: string;
  rows: number;
  threshold: number;
  columns: { column: string; type: string; tag: string | null; confidence: number; detections: { evidence: Record<string, unknown> }[] }[];
}

const tags = (r: Report): Record<string, string | null> => Object.fromEntries(r.columns.map((c) => [c.column, c.tag]));

beforeAll(async () => {
  dir = tempDir('tributary-classify-');
  csv = dir.file('export.csv', `${CSV}\n`);
  const db = await DuckDBInstance.create(join(dir.path, 'warehouse.duckdb'));
  const conn = await db.connect();
  // Typed columns: a card number as BIGINT, a birth date as DATE — sampled like text.
  await conn.run(`CREATE TABLE main.members AS SELECT * FROM (VALUES
      (4111111111111111::BIGINT, DATE '1985-03-14', 'ann@example.org', 'DE89 3704 0044 0532 0130 00', 3),
      (5500000000000004::BIGINT, DATE '1960-11-02', 'bob@example.com', 'GB82WEST12345698765432', 5),
      (4012888888881881::BIGINT, DATE '2001-06-30', 'cy@example.net', 'FR1420041010050500013M02606', 1)
    ) t(card_no, birthday, contact, payout_account, visits)`);
  await conn.run(`COPY main.members TO '${join(dir.path, 'members.parquet')}' (FORMAT parquet)`);
  await conn.run(`COPY main.members TO '${join(dir.path, 'members.jsonl')}' (FORMAT json)`);
  conn.closeSync();
  db.closeSync();
  writeFileSync(join(dir.path, 'tributary.yml'), 'version: 1\nsources: {}\n');
  writeFileSync(join(dir.path, 'export.xlsx'), 'PK');
});
afterAll(() => dir.remove());

describe('tributary classify', () => {
  it('prints each column of a CSV with tag, confidence and evidence', async () => {
    const r = await runCli(['classify', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/column\s*│\s*type\s*│\s*tag\s*│\s*confidence\s*│\s*evidence/);
    expect(r.stdout).toMatch(/cust_ssn\s*│\s*VARCHAR\s*│\s*government_id/);
    expect(r.stderr).toContain('5 of 8 columns hold personal data (confidence ≥ 0.8; 4 rows)');
    // Never the values themselves.
    expect(r.stdout).not.toContain('536-90-1234');
    expect(r.stdout).not.toContain('john.smith');
  });

  it('--format json: tags, and for every detection its evidence', async () => {
    const r = await runCli(['classify', csv, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ kind: 'file', rows: 4, threshold: 0.8 });
    expect(tags(report)).toEqual({
      customer: 'name',
      'Email Address': 'email',
      cust_ssn: 'government_id',
      FLAG_PHONE: null,
      phone: 'phone',
      order_date: null,
      amount: null,
      card: 'card_number',
    });
    const ssn = report.columns.find((c) => c.column === 'cust_ssn')!;
    expect(ssn.detections[0]!.evidence).toMatchObject({ nameRule: 'national id column name', matched: 4, sampled: 4, share: 1 });
  });

  it.each(['members.parquet', 'members.jsonl'])('reads %s with its own types, numbers and dates sampled too', async (file) => {
    const r = await runCli(['classify', join(dir.path, file), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(tags(JSON.parse(r.stdout) as Report)).toEqual({ card_no: 'card_number', birthday: 'date_of_birth', contact: 'email', payout_account: 'bank_account', visits: null });
  });

  it('reads a Korean marketplace export and an ad-platform audience file (hangul headers, hashed identifiers)', async () => {
    const file = dir.file(
      'orders_kr.csv',
      [
        '주문번호,구매자명,구매자연락처,배송지,우편번호,결제금액,email,madid',
        `2024031500012345,김민수,010-2345-6789,서울특별시 중구 세종대로 110,04524,"35,900",${'a3f1c0e47b2d9e8f'.repeat(4)},3F2504E0-4F89-41D3-9A0C-0305E82C3301`,
        `2024031500012346,이서연,010-9876-5432,"부산광역시 수영구 광안해변로 219, 3층",48303,"12,000",${'0b1c2d3e4f5a6b7c'.repeat(4)},7c9e6679-7425-40de-944b-e07fc1f90ae7`,
        `2024031500012347,박지훈,01055554444,경기도 성남시 분당구 판교역로 235,13529,"249,000",${'9e107d9d372bb682'.repeat(4)},16FD2706-8BAF-433B-82EB-8C7FADA847DA`,
      ].join('\n') + '\n',
    );
    const r = await runCli(['classify', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(tags(JSON.parse(r.stdout) as Report)).toEqual({
      주문번호: null,
      구매자명: 'name',
      구매자연락처: 'phone',
      배송지: 'address',
      우편번호: 'address',
      결제금액: null,
      email: 'pseudonymous_id',
      madid: 'device_id',
    });
  });

  it('classifies a warehouse table with --config', async () => {
    const r = await runCli(['classify', 'members', '--config', join(dir.path, 'tributary.yml'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ kind: 'table', rows: 3 });
    expect(report.columns.find((c) => c.column === 'card_no')).toMatchObject({ type: 'BIGINT', tag: 'card_number' });
  });

  it.each([
    [['classify', 'nope.csv'], 'cannot classify nope.csv: no such file'],
    [['classify', 'export.xlsx'], '"export.xlsx" is not a file Tributary reads'],
    [['classify', 'no_such_table', '--config', 'CONFIG'], 'no table "no_such_table"'],
    [['classify', 'CSV', '--sample', '0'], '--sample must be a whole number'],
  ])('%j is a usage error with a message, not a stack trace', async (args, message) => {
    const r = await runCli(args.map((a) => (a === 'CONFIG' ? join(dir.path, 'tributary.yml') : a === 'CSV' ? csv : a)), { cwd: dir.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
