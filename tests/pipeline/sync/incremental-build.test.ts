/**
 * The nightly build is incremental: a sync builds only the models whose landed batches
 * changed what they read (Tributary's base models merge just the records seen since)
 * and what depends on them. It must give exactly what a full rebuild of the same
 * warehouse gives — late-arriving and deleted events included — and a sync with
 * nothing new builds nothing.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { applyDailyChanges } from '../../../sandbox/world/index.js';
import { buildModels } from '../../../pipeline/transform/build-models.js';
import { Warehouse } from '../../../pipeline/warehouse/warehouse.js';
import { REPO_ROOT, runCli, type CliResult } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let tw: TestWorld;
let config: string;
let first: CliResult;

const sync = async (...extra: string[]): Promise<CliResult> => {
  const r = await runCli(['sync', '--config', config, ...extra], { env: tw.env });
  expect(r.code, r.stderr).toBe(0);
  return r;
};
/** `4 of 4 models built in 0.3 s (30 unchanged)` → [4, 30]. */
const built = (r: CliResult): [number, number] => {
  const m = /(\d+) of (\d+) models built in [\d.]+ s(?: \((\d+) unchanged\))?/u.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return [Number(m![2]), Number(m![3] ?? 0)];
};

/** Appends the rows `select` gives to raw.web_events, as landing would; returns the message_id of the (one) row. */
const landWebRows = async (select: string): Promise<string> => {
  const wh = await Warehouse.open(join(tw.dir.path, 'warehouse.duckdb'));
  try {
    const rows = await wh.all(`insert into raw.web_events by name ${select} returning message_id`);
    expect(rows).toHaveLength(1);
    return String(rows[0]!.message_id);
  } finally {
    wh.close();
  }
};

beforeAll(async () => {
  tw = await startTestWorld({ people: 120, days: 7 });
  config = tw.writeConfig();
  first = await sync();
}, 120_000);
afterAll(async () => tw?.close());

describe('incremental builds', () => {
  it('a sync with nothing new builds nothing, the one right after the first build included', async () => {
    // The first build made every base model's table: what it recorded must be what the
    // next sync computes, or that sync would rebuild every model for nothing.
    const again = await sync();
    const [rebuilt, unchanged] = built(again);
    expect(rebuilt).toBe(0);
    expect(unchanged).toBeGreaterThan(20);
    expect(again.stderr).toMatch(/tables \(\d+ columns masked\)/u);
  });

  it('after a day of changes, every model equals a full rebuild of the same warehouse', async () => {
    const [all, none] = built(first);
    expect(none).toBe(0);
    const nextDay = new Date(Date.parse(tw.population.asOf) + 86_400_000).toISOString();
    const eventsBefore = tw.population.web.events.length;
    applyDailyChanges(tw.population, { seed: 5, at: nextDay, fraction: 0.05 });
    await tw.world.restart(tw.population.web.events.slice(eventsBefore));
    // What the mocks do not send: a late event (landed tonight, occurred on the first day)
    // and the deletion of an event that was a customer's touchpoint, landed as raw rows.
    const late = await landWebRows(
      `select * replace (md5(_record_hash || 'late') as _record_hash, message_id || '-late' as message_id, now() as _extracted_at, now() as _last_seen_at)
         from raw.web_events where type = 'page' order by "timestamp", message_id limit 1`,
    );
    const gone = await landWebRows(
      `select * replace (md5(_record_hash || 'gone') as _record_hash, true as _deleted, now() as _extracted_at, now() as _last_seen_at)
         from raw.web_events where message_id = (select source_record_id from main.touchpoints where source = 'web' order by touchpoint_id limit 1)
        order by _last_seen_at desc limit 1`,
    );
    const second = await sync();
    const [rebuilt] = built(second);
    expect(rebuilt).toBeGreaterThan(0);
    expect(rebuilt).toBeLessThanOrEqual(all);

    // The same warehouse, rebuilt from scratch beside it.
    const incremental = join(tw.dir.path, 'warehouse.duckdb');
    const full = join(tw.dir.path, 'full-refresh.duckdb');
    copyFileSync(incremental, full);
    const wh = await Warehouse.open(full);
    try {
      const rebuild = await buildModels({ wh, modelsDir: join(REPO_ROOT, 'dbt-like-models'), workspaceDir: tw.dir.path, log: silentLogger(), fullRefresh: true });
      expect(rebuild.failed).toEqual([]);
      await wh.run(`attach '${incremental.replaceAll("'", "''")}' as incr (read_only)`);
      const tables = (await wh.all(`select table_name from information_schema.tables where table_catalog = 'incr' and table_schema = 'main' and table_type = 'BASE TABLE' order by 1`)).map((r) => String(r.table_name));
      expect(tables).toContain('customers');
      expect(tables).toContain('base_hubspot__contacts');
      const self = `"${String((await wh.all('select current_database() as db'))[0]!.db)}"`;
      const differing: string[] = [];
      for (const t of tables) {
        // A base model keeps each winner's `_last_seen_at` as of when it took the row in; a
        // record re-read unchanged later moves only raw's copy (and rebuilds nothing).
        const [seen] = await wh.all(`select count(*) as n from information_schema.columns where table_catalog = 'incr' and table_name = $1 and column_name = '_last_seen_at'`, [t]);
        const cols = Number(seen!.n) > 0 ? '* exclude (_last_seen_at)' : '*';
        const q = (a: string, b: string) => `select count(*) as n from (select ${cols} from ${a}.main."${t}" except all select ${cols} from ${b}.main."${t}")`;
        const [ab] = await wh.all(q('incr', self));
        const [ba] = await wh.all(q(self, 'incr'));
        if (Number(ab!.n) + Number(ba!.n) > 0) differing.push(`${t}: ${ab!.n} only incremental, ${ba!.n} only full`);
      }
      expect(differing).toEqual([]);
      const [found] = await wh.all(
        `select count(*) filter (where event_id = $1) as late, count(*) filter (where event_id = $2) as gone from incr.main.stg_web__events`,
        [late, gone],
      );
      expect([Number(found!.late), Number(found!.gone)]).toEqual([1, 0]);
      const [touches] = await wh.all(`select count(*) as n from incr.main.touchpoints where source = 'web' and source_record_id = $1`, [gone]);
      expect(Number(touches!.n)).toBe(0);
    } finally {
      wh.close();
    }
    // Two syncs and a full rebuild: near the default 60 s on a loaded 2-core machine.
  }, 180_000);

  it('upgrades a stg_web__events built before it was incremental (no _last_seen_at) on the next sync', async () => {
    const wh = await Warehouse.open(join(tw.dir.path, 'warehouse.duckdb'));
    try {
      await wh.run('alter table main.stg_web__events drop column _last_seen_at');
    } finally {
      wh.close();
    }
    const added = await landWebRows(
      `select * replace (md5(_record_hash || 'upgrade') as _record_hash, message_id || '-upgrade' as message_id, now() as _extracted_at, now() as _last_seen_at)
         from raw.web_events where type = 'page' order by "timestamp" desc, message_id limit 1`,
    );
    await sync();
    const check = await Warehouse.open(join(tw.dir.path, 'warehouse.duckdb'), { readOnly: true });
    try {
      const [row] = await check.all(
        `select count(*) as n, count(_last_seen_at) as seen, count(*) filter (where event_id = $1) as added,
                (select count(*) from main.base_web__events where not coalesce(_deleted, false)) as live
           from main.stg_web__events`,
        [added],
      );
      expect([Number(row!.seen), Number(row!.added)]).toEqual([Number(row!.n), 1]);
      expect(Number(row!.n)).toBe(Number(row!.live));
    } finally {
      check.close();
    }
  });

  it('--full-refresh rebuilds every model', async () => {
    // (One source is enough to show it: the models are rebuilt whatever was extracted.)
    const [rebuilt, unchanged] = built(await sync('--full-refresh', '--source', 'web'));
    expect(unchanged).toBe(0);
    expect(rebuilt).toBeGreaterThan(20);
  });
});
