/** Shared fixtures for the model engine tests: project folders in temp dirs and a real DuckDB file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Writes `files` (relative path -> content) into a fresh temp folder and returns it. */
export function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-models-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Opens a DuckDB file in a temp dir, runs `fn`, closes and deletes everything. */
export async function withDuckDB<T>(fn: (conn: DuckDBConnection, dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-duckdb-'));
  const instance = await DuckDBInstance.create(path.join(dir, 'warehouse.duckdb'));
  const conn = await instance.connect();
  try {
    return await fn(conn, dir);
  } finally {
    conn.closeSync();
    instance.closeSync();
    removeDir(dir);
  }
}

/** All rows of a query as JSON-friendly objects. */
/** Opens a DuckDB file, runs one query, closes it: for reading what a command left behind. */
export async function queryFile(dbFile: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(dbFile);
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

export const PROJECT_YML = `name: shop
version: '1.0'
models:
  shop:
    staging:
      +materialized: view
      +tags: [staging]
    marts:
      +materialized: table
      +tags: [marts]
`;

export const SOURCES_YML = `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: contacts
        identifier: crm_contacts
        columns:
          - name: id
            tests: [unique, not_null]
`;

/** Creates raw.crm_contacts with a few rows. */
export async function seedRaw(conn: DuckDBConnection): Promise<void> {
  await conn.run('create schema if not exists raw');
  await conn.run(`create or replace table raw.crm_contacts as
    select * from (values (1, 'a@x.com', 'lead', 10), (2, 'b@x.com', 'customer', 20), (3, null, 'lead', 30))
    as t(id, email, stage, updated)`);
}
