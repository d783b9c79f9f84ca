/**
 * Where a value still lives: rows of any table of a DuckDB file (raw, models,
 * bookkeeping) whose text mentions it, and workspace files whose bytes contain it —
 * what erasure tests assert is empty.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';

/** Rows per table whose text mentions `needle` (lower case). */
export async function mentions(file: string, needle: string): Promise<Record<string, number>> {
  return (await mentionsOf(file, [needle]))[needle] ?? {};
}

/** For each of `needles` (lower case) that any row mentions: rows per table. One pass over the file. */
export async function mentionsOf(file: string, needles: readonly string[]): Promise<Record<string, Record<string, number>>> {
  return withWarehouse(
    file,
    async (wh) => {
      const found: Record<string, Record<string, number>> = {};
      const tables = await wh.all(`select table_schema as s, table_name as t from information_schema.tables`);
      const counts = needles.map((_, i) => `count(*) filter (where contains(x.text, $${i + 1})) as n${i}`).join(', ');
      for (const { s, t } of tables) {
        const [r] = await wh.all(`select ${counts} from (select lower(cast(x as varchar)) as text from "${String(s)}"."${String(t)}" as x) as x`, [...needles]);
        needles.forEach((needle, i) => {
          const n = Number(r![`n${i}`]);
          if (n > 0) (found[needle] ??= {})[`${String(s)}.${String(t)}`] = n;
        });
      }
      return found;
    },
    { readOnly: true },
  );
}

/** Every file under `dir` (relative paths), except folders named in `skip`. */
export function filesUnder(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(relative(dir, path))) walk(path);
      } else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** Files under `dir` whose bytes contain any of `needles`. */
export function filesContaining(dir: string, needles: readonly string[], skip: readonly string[] = []): string[] {
  return filesUnder(dir, skip).filter((f) => {
    const bytes = readFileSync(join(dir, f));
    return needles.some((n) => bytes.includes(Buffer.from(n)));
  });
}
