/**
 * The nightly build is incremental: a sync builds only the models whose landed batches
 * changed what they read (Tributary's base models merge just the records seen since)
 * and what depends on them. It must give exactly what a full rebuild of the same
 * warehouse gives — late-arriving and deleted events included, and identity changes
 * (a merge, a split, a deleted contact, a new record that matches an old one only
 * probabilistically: the identity pairs are incremental too) — and a sync with nothing
 * new builds nothing.
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
/** Identity keys of the merge the first night makes (two customers' contacts and the contact tying them), which the second night undoes. */
let mergedKeys: { x: string; y: string; merging: string };

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

/** Appends the rows `select` gives to raw.`table`, as landing would; returns the `key` of each row. */
const landRows = async (table: string, select: string, key = 'message_id'): Promise<string[]> => {
  const wh = await Warehouse.open(join(tw.dir.path, 'warehouse.duckdb'));
  try {
    return (await wh.all(`insert into raw.${table} by name ${select} returning ${key} as k`)).map((r) => String(r.k));
  } finally {
    wh.close();
  }
};
/** Appends the (one) row `select` gives to raw.web_events; returns its message_id. */
const landWebRows = async (select: string): Promise<string> => {
  const ids = await landRows('web_events', select);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
/** `$1, $2 …` for `values`, as the list literal `[$1, $2 …]::varchar[]` (to bind a list of strings). */
const listOf = (values: readonly string[]): string => `[${values.map((_, i) => `$${i + 1}`).join(', ')}]::varchar[]`;
/** The rows of `sql` against the sync's warehouse. */
const read = async (sql: string, params: string[] = []): Promise<Record<string, unknown>[]> => {
  const wh = await Warehouse.open(join(tw.dir.path, 'warehouse.duckdb'), { readOnly: true });
  try {
    return await wh.all(sql, params);
  } finally {
    wh.close();
  }
};

/**
 * What the build records about itself rather than what it computed: which identities it
 * compared again, so a full rebuild (which compares everyone) lists others.
 */
const BUILD_STATE = new Set(['int_identity__pair_changes']);

/**
 * Rebuilds a copy of the sync's warehouse from scratch and expects every table of both to
 * hold the same rows; then runs `more` on the copy, with the incremental one attached as `incr`.
 */
const expectSameAsFullRebuild = async (more: (wh: Warehouse) => Promise<void> = async () => undefined): Promise<void> => {
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
    expect(tables).toContain('int_identity__comparisons');
    const self = `"${String((await wh.all('select current_database() as db'))[0]!.db)}"`;
    const differing: string[] = [];
    for (const t of tables.filter((name) => !BUILD_STATE.has(name))) {
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
    await more(wh);
  } finally {
    wh.close();
  }
};

/** Customer id per identity key, from the sync's warehouse. */
const customerOf = async (...keys: string[]): Promise<(string | null)[]> => {
  const rows = await read(`select identity_key, customer_id from main.int_identity__components where identity_key in (select unnest(${listOf(keys)}))`, keys);
  const byKey = new Map(rows.map((r) => [String(r.identity_key), r.customer_id === null ? null : String(r.customer_id)]));
  return keys.map((k) => byKey.get(k) ?? null);
};
const contactKey = (id: string, sourceId: string) => `hubspot:contacts:${sourceId}:${id}`;

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
    // Identity changes, as new raw rows of HubSpot contacts the mock's changes left alone:
    // a new contact carrying the emails of two customers (they merge), a copy of a
    // contact's name, city and company without its email or phone (it can only match
    // probabilistically), and the deletion of a contact.
    const touchedTonight = tw.population.hubspot.contacts.filter((c) => c.updatedAt === nextDay).map((c) => c.recordId);
    const candidates = await read(
      `select ci.customer_id, c.contact_id, c.source_id, c.email_normalized, c.city is not null and c.company_name is not null as has_place
         from main.customer_identities as ci
         join main.stg_hubspot__contacts as c
           on ci.source = 'hubspot' and ci.source_record_id = c.contact_id and ci.source_id is not distinct from c.source_id
        where c.email_normalized is not null and c.first_name is not null and c.last_name is not null
          and c.contact_id not in (select unnest(${listOf(touchedTonight)}))
        order by c.contact_id`,
      touchedTonight,
    );
    const picked: Record<string, unknown>[] = [];
    for (const c of candidates) {
      if (picked.some((p) => p.customer_id === c.customer_id)) continue;
      // the last pick (copied for a probabilistic match) needs more than its name to match on
      if (picked.length === 3 && c.has_place !== true) continue;
      picked.push(c);
      if (picked.length === 4) break;
    }
    expect(picked).toHaveLength(4);
    const [x, y, deleted, lookalike] = picked as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const source = String(x.source_id);
    const copyOf = (c: Record<string, unknown>, tag: string, replace: string) =>
      `select * replace (md5(_record_hash || '${tag}') as _record_hash, now() as _extracted_at, now() as _last_seen_at, ${replace})
         from raw.hubspot_contacts where id = '${String(c.contact_id)}' order by _last_seen_at desc limit 1`;
    const [merging] = await landRows('hubspot_contacts', copyOf(x, 'merge', `'990000001' as id, '990000001' as properties__hs_object_id, '${String(y.email_normalized)}' as properties__hs_additional_emails, null as properties__phone, null as properties__mobilephone`), 'id');
    const [twin] = await landRows('hubspot_contacts', copyOf(lookalike, 'twin', `'990000002' as id, '990000002' as properties__hs_object_id, null as properties__email, null as properties__hs_additional_emails, null as properties__phone, null as properties__mobilephone`), 'id');
    await landRows('hubspot_contacts', copyOf(deleted, 'deleted', 'true as _deleted'), 'id');
    mergedKeys = { x: contactKey(String(x.contact_id), source), y: contactKey(String(y.contact_id), source), merging: contactKey(merging!, source) };

    const second = await sync();
    const [rebuilt] = built(second);
    expect(rebuilt).toBeGreaterThan(0);
    expect(rebuilt).toBeLessThanOrEqual(all);

    await expectSameAsFullRebuild(async (wh) => {
      const [found] = await wh.all(
        `select count(*) filter (where event_id = $1) as late, count(*) filter (where event_id = $2) as gone from incr.main.stg_web__events`,
        [late, gone],
      );
      expect([Number(found!.late), Number(found!.gone)]).toEqual([1, 0]);
      const [touches] = await wh.all(`select count(*) as n from incr.main.touchpoints where source = 'web' and source_record_id = $1`, [gone]);
      expect(Number(touches!.n)).toBe(0);
    });
    // …and the identity changes took effect: one customer where there were two, the
    // look-alike joined the customer it resembles through a probabilistic link, the
    // deleted contact left the graph.
    const [cx, cy, cm, ct, cl, cd] = await customerOf(mergedKeys.x, mergedKeys.y, mergedKeys.merging, contactKey(twin!, source), contactKey(String(lookalike.contact_id), source), contactKey(String(deleted.contact_id), source));
    expect(cx).not.toBeNull();
    expect([cy, cm]).toEqual([cx, cx]);
    expect(ct).toBe(cl);
    expect(cd).toBeNull();
    const [link] = await read(`select count(*) as n from main.int_identity__edges where match_rule = 'probabilistic' and $1 in (from_key, to_key)`, [contactKey(twin!, source)]);
    expect(Number(link!.n)).toBeGreaterThan(0);
    // Two syncs and a full rebuild: near the default 60 s on a loaded 2-core machine.
  }, 180_000);

  it('a deleted record that tied two customers splits them, as a full rebuild does', async () => {
    await landRows(
      'hubspot_contacts',
      `select * replace (md5(_record_hash || 'split') as _record_hash, true as _deleted, now() as _extracted_at, now() as _last_seen_at)
         from raw.hubspot_contacts where id = '990000001' order by _last_seen_at desc limit 1`,
      'id',
    );
    await sync();
    const [cx, cy, cm] = await customerOf(mergedKeys.x, mergedKeys.y, mergedKeys.merging);
    expect(cm).toBeNull();
    expect(cx).not.toBeNull();
    expect(cy).not.toBeNull();
    expect(cy).not.toBe(cx);
    await expectSameAsFullRebuild();
  }, 120_000);

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
