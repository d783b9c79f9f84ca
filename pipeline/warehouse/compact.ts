/**
 * Rewrites the warehouse file without the space its deleted rows occupied. DuckDB frees
 * the blocks of deleted data but does not overwrite them, so after an erasure the bytes
 * would still be in the file; a copy of the database into a fresh file holds only live
 * data. Nobody may hold the warehouse open meanwhile (the run lock).
 *
 * The copy goes through two names, so that whatever a crash leaves says what it is:
 *
 *   <warehouse>.compact.tmp   being written: incomplete, thrown away by the next run
 *   <warehouse>.compact       written and fsynced: complete, the next run finishes the swap
 *
 * and each rename is fsynced in the directory. The original is checkpointed into its
 * file first (its WAL folded in and removed), so no WAL of the old file can be replayed
 * onto the new one after the swap. `resolveLeftoverCompaction` is what every run holding
 * the lock calls before it opens the warehouse.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { fsyncPath, killPoint, quoteIdent, quoteLiteral, TributaryError } from '../../core/index.js';

export interface Compaction {
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

const partialFile = (path: string) => `${path}.compact.tmp`;
const readyFile = (path: string) => `${path}.compact`;

export async function compactWarehouse(path: string): Promise<Compaction> {
  await resolveLeftoverCompaction(path);
  const partial = partialFile(path);
  const ready = readyFile(path);
  const bytesBefore = statSync(path).size;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    // ATTACH's grammar takes no bound parameter: the paths go through quoteLiteral.
    // Read-write, so the checkpoint folds a WAL a killed run may have left into the file.
    await conn.run(`attach ${quoteLiteral(path)} as ${quoteIdent('old')}`);
    await conn.run(`checkpoint ${quoteIdent('old')}`);
    await conn.run(`attach ${quoteLiteral(partial)} as ${quoteIdent('new')}`);
    await conn.run(`copy from database ${quoteIdent('old')} to ${quoteIdent('new')}`);
    await conn.run(`detach ${quoteIdent('new')}`);
    await conn.run(`detach ${quoteIdent('old')}`);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    throw error;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  for (const wal of [`${path}.wal`, `${partial}.wal`]) {
    if (existsSync(wal)) {
      rmSync(partial, { force: true });
      throw new TributaryError('compaction_failed', `compacting ${path}: ${wal} outlived the checkpoint; the warehouse was left as it was`);
    }
  }
  fsyncPath(partial);
  killPoint('compact:copied');
  renameSync(partial, ready);
  fsyncPath(dirname(path));
  killPoint('compact:ready');
  renameSync(ready, path);
  fsyncPath(dirname(path));
  killPoint('compact:swapped');
  return { bytesBefore, bytesAfter: statSync(path).size };
}

/**
 * Deals with what a compaction killed midway left beside the warehouse: an incomplete
 * copy is deleted (it holds a copy of the data, nothing more), a complete one is swapped
 * in if it opens as a database — it is the warehouse as it was, minus the freed blocks.
 * Call it holding the run lock, before opening the warehouse.
 */
export async function resolveLeftoverCompaction(path: string): Promise<'none' | 'finished' | 'discarded'> {
  const partial = partialFile(path);
  const ready = readyFile(path);
  let outcome: 'none' | 'finished' | 'discarded' = 'none';
  if (existsSync(partial) || existsSync(`${partial}.wal`)) {
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    outcome = 'discarded';
  }
  if (!existsSync(ready)) return outcome;
  // Nothing writes the warehouse between the two renames; a WAL beside it now, or a copy
  // that does not open, means the copy is not the warehouse's latest state: drop it.
  if (!existsSync(`${path}.wal`) && (await opensAsWarehouse(ready))) {
    renameSync(ready, path);
    fsyncPath(dirname(path));
    return 'finished';
  }
  rmSync(ready, { force: true });
  rmSync(`${ready}.wal`, { force: true });
  return 'discarded';
}

async function opensAsWarehouse(file: string): Promise<boolean> {
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(`select count(*)::integer from information_schema.schemata where schema_name = '_tributary'`);
      return Number(reader.getRows()[0]![0]) > 0;
    } finally {
      conn.closeSync();
    }
  } catch {
    return false;
  } finally {
    instance?.closeSync();
  }
}
