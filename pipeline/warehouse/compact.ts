/**
 * Rewrites the warehouse file without the space its deleted rows occupied. DuckDB frees
 * the blocks of deleted data but does not overwrite them, so after an erasure the bytes
 * would still be in the file; a copy of the database into a fresh file holds only live
 * data. The copy is fsynced and renamed over the original, so a crash leaves one or the
 * other, never half of each. Nobody may hold the warehouse open meanwhile (the sync lock).
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../core/index.js';

export async function compactWarehouse(path: string): Promise<{ bytesBefore: number; bytesAfter: number }> {
  const tmp = `${path}.compact`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const bytesBefore = statSync(path).size;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    // ATTACH's grammar takes no bound parameter: the paths go through quoteLiteral.
    await conn.run(`attach ${quoteLiteral(path)} as ${quoteIdent('old')} (read_only)`);
    await conn.run(`attach ${quoteLiteral(tmp)} as ${quoteIdent('new')}`);
    await conn.run(`copy from database ${quoteIdent('old')} to ${quoteIdent('new')}`);
    await conn.run(`detach ${quoteIdent('new')}`);
    await conn.run(`detach ${quoteIdent('old')}`);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  if (existsSync(`${path}.wal`)) rmSync(`${path}.wal`);
  return { bytesBefore, bytesAfter: statSync(path).size };
}
