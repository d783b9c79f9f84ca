/**
 * Identity bench: how long Tributary's identity stitching takes over N source
 * identities (HubSpot contacts, Mailchimp members, web anonymous_id / user_id), and how
 * good it is, against the generator's ground truth.
 *
 * Data: `generatePopulation({ seed, people })` with `people` ≈ 0.34 × N (the generator
 * makes ≈ 2.95 identities a person; grown and generated again if that falls short), landed through the real landing path
 * (`RawTable.land`, the records exactly as each connector yields them: HubSpot v3
 * objects via the mock's store and `toObjectRecord`, Mailchimp members and email
 * activity as the mock renders them and the connector flattens them, Segment events
 * unchanged). Landing is setup, not measured against the target; with `--cache-dir`
 * the landed warehouse and the truth are kept and reused by the next run.
 *
 * Ours: `runModels` with `select: ['+customers', '+customer_identities']` on a copy of
 * that warehouse opened through `Warehouse.open` (which registers `tributary_e164`):
 * staging views, int_identity__nodes → edges → components, then the two marts. Time per
 * model as runModels reports it. Precision / recall / f1 of `customer_identities` by
 * `scoreIdentity(population.truth, …)`, printed beside the time.
 *
 * Baselines, in the same run, on the same machine and data:
 *   - union-find in JS over the very edges int_identity__edges built (read time apart),
 *     against int_identity__components; it must find the same number of components;
 *   - DuckDB's floor: one pass grouping the same raw rows by identity (no stitching).
 * Phone normalisation (`tributary_e164`, a JS scalar UDF) is timed alone on a fresh
 * database instance (so its memo starts cold, as in a build), against a plain scan.
 *
 * DESIGN target: 1 million source records resolved in under 30 s.
 *
 * A million identities means ~3.5 GB of generated population in the JS heap: run with
 * `NODE_OPTIONS=--max-old-space-size=12288` (the default 4 GB limit makes V8 collect
 * all the time and landing crawl), or reuse a `--cache-dir` that already holds the data.
 *
 * @example
 * ```sh
 * NODE_OPTIONS=--max-old-space-size=12288 npx tsx bench/identity.ts --repeat 2 --cache-dir /tmp/tributary-bench-cache
 * npx tsx bench/identity.ts --records 20000
 * ```
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { hubspotConnector } from '../connectors/hubspot/index.js';
import { hubspotFixturesFromPopulation } from '../sandbox/hubspot/fixtures.js';
import { CONTACT_PROPERTIES, toObjectRecord } from '../connectors/hubspot/records.js';
import { mailchimpConnector } from '../connectors/mailchimp/index.js';
import { mailchimpFixturesFromPopulation } from '../sandbox/mailchimp/fixtures.js';
import { FixtureIndex, renderEmailActivity, renderMember } from '../sandbox/mailchimp/render.js';
import { flattenActivity } from '../connectors/mailchimp/streams.js';
import { allConnectors } from '../connectors/registry.js';
import { quoteQualified, silentLogger } from '../core/index.js';
import { type AnyConnector, type JsonRecord } from '../connectors/sdk/index.js';
import { generatePopulation, scoreIdentity, type TruthEntry } from '../sandbox/world/index.js';
import { webEventsConnector } from '../connectors/web-events/index.js';
import { RawTable } from '../pipeline/land/raw-table.js';
import { loadProject, parseProject, runModels, type ModelRunResult } from '../engine/index.js';
import { Warehouse } from '../pipeline/warehouse/warehouse.js';
import { loadModelRoles } from '../pipeline/transform/model-roles.js';
import { integerFlags, isMain, median, peakRssKiB, round, runAsScript } from './lib/harness.js';

export interface IdentityOptions {
  /** Source identities wanted (default 1,000,000); the population is sized to reach at least this. */
  readonly records?: number;
  /** Builds of the models; medians are reported (default 1). */
  readonly repeat?: number;
  /** Records per `RawTable.land` call while preparing the data (default 5000, the pipeline's `sync.batch_size`). */
  readonly batchSize?: number;
  readonly seed?: number;
  /** Keep the landed warehouse and truth here, and reuse them when they are already there. */
  readonly cacheDir?: string;
  /** Progress lines (stderr by default). */
  readonly progress?: (line: string) => void;
}

/** One build of the models and its measurements. Times in ms. */
export interface IdentityRun {
  readonly oursMs: number;
  readonly modelMs: Readonly<Record<string, number>>;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly unionFindReadMs: number;
  readonly unionFindMs: number;
  readonly scanGroupMs: number;
  readonly e164ColdMs: number;
  readonly e164WarmMs: number;
  readonly phoneScanMs: number;
}

export interface IdentityResult {
  readonly bench: 'identity';
  readonly target: string;
  readonly params: {
    readonly records: number;
    readonly people: number;
    readonly seed: number;
    readonly repeat: number;
    readonly batchSize: number;
    readonly data: string;
    /** Truth entries by source:kind (what the identities should be). */
    readonly truthIdentities: Readonly<Record<string, number>>;
    /** Rows landed per raw table. */
    readonly rawRows: Readonly<Record<string, number>>;
    /** Setup, not part of ours; null when the landed data came from the cache. */
    readonly generateMs: number | null;
    readonly landMs: number | null;
    readonly fromCache: boolean;
  };
  readonly ours: {
    readonly path: string;
    readonly ms: number;
    readonly seconds: number;
    /** Rows of int_identity__nodes: the source identities resolved. */
    readonly identities: number;
    readonly identitiesPerSec: number;
    /** Median ms and rows per model, in build order. */
    readonly models: Readonly<Record<string, { readonly ms: number; readonly rows: number | null; readonly share: number }>>;
  };
  /** Pairwise, over customer_identities, from scoreIdentity against the generator's truth. */
  readonly quality: {
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly scoredRecords: number;
    readonly truePairs: number;
    readonly predictedPairs: number;
    readonly correctPairs: number;
  };
  /** ours < 30 s with at least 1,000,000 identities resolved. */
  readonly meetsTarget: boolean;
  readonly phone: {
    /** `count(tributary_e164(phone, country))` over int_identity__nodes on a fresh instance (cold memo). */
    readonly e164ColdMs: number;
    /** The same query again on that instance (memo warm, where it still holds the pairs). */
    readonly e164WarmMs: number;
    /** `count(phone), count(country)` over the same rows: the scan without the UDF. */
    readonly scanMs: number;
    readonly phones: number;
    readonly distinctPhoneCountry: number;
    /** (cold − scan) ÷ the int_identity__nodes build and ÷ ours. */
    readonly shareOfNodesModel: number;
    readonly shareOfOurs: number;
  };
  readonly baseline: {
    readonly unionFind: {
      readonly path: string;
      /** Reading edges and identity keys out of DuckDB into JS (not in ms). */
      readonly readMs: number;
      readonly ms: number;
      readonly edges: number;
      readonly graphNodes: number;
      /** Components containing at least one identity. */
      readonly components: number;
      /** Same count as distinct component_key in int_identity__components. */
      readonly agreesWithSql: boolean;
    };
    readonly scanGroup: { readonly path: string; readonly ms: number; readonly groups: number };
  };
  readonly ratios: {
    /** int_identity__components ms ÷ union-find ms (without the read). */
    readonly componentsVsUnionFind: number;
    /** ours ÷ DuckDB's one-pass group of the raw rows. */
    readonly oursVsScanGroup: number;
  };
  readonly memory: { readonly peakRssKiBAfterPrepare: number; readonly peakRssKiBEnd: number };
  readonly runs: readonly IdentityRun[];
}

const MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dbt-like-models');
/** The identity models, found by the roles the project declares (no model names here). */
const ROLES = await loadModelRoles(MODELS_DIR);
const SELECT = [`+${ROLES.model('customers')}`, `+${ROLES.model('customer_identities')}`];
const NODES = ROLES.require('identity_nodes');
/** ≈ identities a person in `generatePopulation` (1,001,412 for 340,000 people at seed 42). */
const PEOPLE_PER_IDENTITY = 0.34;
const TARGET_RECORDS = 1_000_000;
const TARGET_MS = 30_000;

/** What the connectors' streams are, and the source ids the demo's config gives them. */
const SOURCES = { hubspot: hubspotConnector, mailchimp: mailchimpConnector, web: webEventsConnector } as const;

interface Prepared {
  readonly rawPath: string;
  readonly people: number;
  readonly truth: TruthEntry[];
  readonly rawRows: Record<string, number>;
  readonly generateMs: number | null;
  readonly landMs: number | null;
  readonly fromCache: boolean;
}

function streamOf(connector: AnyConnector, name: string) {
  const stream = connector.streams.find((s) => s.name === name);
  if (!stream) throw new Error(`${connector.type} has no stream ${name}`);
  return stream;
}

function withoutLinks(item: Record<string, unknown>): JsonRecord {
  const { _links: _ignored, ...rest } = item;
  return rest as JsonRecord;
}

/**
 * Generates the population and lands the identity sources' raw tables in `rawPath`,
 * through `RawTable.land` in batches, the way extract hands batches over.
 */
async function generateAndLand(rawPath: string, records: number, people: number, seed: number, batchSize: number, say: (l: string) => void) {
  const heapMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
  if (people > 100_000 && heapMiB < 8192) {
    // ~11 KB of heap a person: near the limit V8 spends most of its time collecting.
    say(`identity: warning: JS heap limit is ${Math.round(heapMiB)} MiB; generating ${people} people needs ~${Math.round((people * 11) / 1024)} MiB — run with NODE_OPTIONS=--max-old-space-size=12288`);
  }
  const tg = performance.now();
  let pop: ReturnType<typeof generatePopulation> | undefined = generatePopulation({ seed, people });
  // The identities a person vary with size; grow the population until there are enough.
  while (pop.truth.length < records) {
    people = Math.ceil(people * (records / pop.truth.length) * 1.01);
    pop = generatePopulation({ seed, people });
  }
  const generateMs = performance.now() - tg;
  say(`identity: generated ${people} people, ${pop.truth.length} identities in ${(generateMs / 1000).toFixed(1)} s`);

  // Each table's records are made just before they land and dropped after: at a million
  // identities the population alone is ~3.5 GB of JS heap.
  let hubspot: ReturnType<typeof hubspotFixturesFromPopulation> | undefined = hubspotFixturesFromPopulation(pop);
  let mc: ReturnType<typeof mailchimpFixturesFromPopulation> | undefined = mailchimpFixturesFromPopulation(pop);
  let idx: FixtureIndex | undefined = new FixtureIndex(mc);
  let events: JsonRecord[] | undefined = pop.web.events as unknown as JsonRecord[];
  const contacts = () => {
    const out = [...hubspot!.objects.contacts.values()].map((o) => toObjectRecord(o, CONTACT_PROPERTIES));
    hubspot = undefined;
    return out;
  };
  const members = () => mc!.members.map((m) => withoutLinks(renderMember(idx!, m)));
  const activity = () => {
    const out = mc!.campaigns.filter((c) => idx!.isSent(c)).flatMap((c) => flattenActivity(renderEmailActivity(idx!, c, undefined) as JsonRecord[], c.id));
    mc = undefined;
    idx = undefined;
    return out;
  };
  const webEvents = () => {
    const out = events!;
    events = undefined;
    return out;
  };
  const truth = pop.truth as TruthEntry[];
  pop = undefined; // the rest of the population is not needed any more

  const wh = await Warehouse.open(rawPath);
  const rawRows: Record<string, number> = {};
  const tl = performance.now();
  try {
    await ensureRawTables(wh);
    const plan: [keyof typeof SOURCES, string, () => JsonRecord[]][] = [
      ['hubspot', 'contacts', contacts],
      ['mailchimp', 'members', members],
      ['mailchimp', 'email_activity', activity],
      ['web', 'events', webEvents],
    ];
    const runId = randomUUID();
    for (const [sourceId, streamName, make] of plan) {
      const connector = SOURCES[sourceId];
      const stream = streamOf(connector, streamName);
      const table = await RawTable.open(wh, { sourceId, connectorType: connector.type, tablePrefix: connector.tablePrefix, stream }, silentLogger());
      let records: JsonRecord[] | undefined = make();
      const t0 = performance.now();
      for (let i = 0; i < records.length; i += batchSize) {
        // A JSON round trip, so the records are plain JSON values as a connector yields them.
        const chunk = JSON.parse(JSON.stringify(records.slice(i, i + batchSize))) as JsonRecord[];
        await table.land({ records: chunk, state: { bench: i + chunk.length } }, { runId, extractedAt: new Date(), quarantine: [] });
      }
      records = undefined;
      const [row] = await wh.all(`select count(*) as n from ${quoteQualified('raw', table.name)}`);
      rawRows[table.name] = Number(row?.n ?? 0);
      say(`identity: landed ${rawRows[table.name]} rows into ${table.qualifiedName} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await wh.checkpoint();
  } finally {
    wh.close();
  }
  return { truth, people, rawRows, generateMs, landMs: performance.now() - tl };
}

/** Exported for bench/incremental.ts, which builds on the same landed population. */
export async function prepare(workDir: string, records: number, people: number, seed: number, batchSize: number, cacheDir: string | undefined, say: (l: string) => void): Promise<Prepared> {
  const dir = cacheDir === undefined ? workDir : path.join(cacheDir, `identity-seed${seed}-people${people}`);
  const rawPath = path.join(dir, 'landed.duckdb');
  const truthPath = path.join(dir, 'truth.json');
  const metaPath = path.join(dir, 'meta.json');
  if (cacheDir !== undefined && fs.existsSync(metaPath)) {
    say(`identity: reusing landed data from ${dir}`);
    const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as { rawRows: Record<string, number>; people: number };
    const truth = JSON.parse(fs.readFileSync(truthPath, 'utf8')) as TruthEntry[];
    return { rawPath, truth, people: meta.people, rawRows: meta.rawRows, generateMs: null, landMs: null, fromCache: true };
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(rawPath, { force: true });
  const landed = await generateAndLand(rawPath, records, people, seed, batchSize, say);
  if (cacheDir !== undefined) {
    fs.writeFileSync(truthPath, JSON.stringify(landed.truth));
    // Written last: its presence says the cache entry is complete.
    fs.writeFileSync(metaPath, JSON.stringify({ rawRows: landed.rawRows, seed, people: landed.people, records }));
  }
  return { rawPath, ...landed, fromCache: false };
}

/** Connected components by union-find (path halving, union by size) over interned keys. */
function unionFind(identityKeys: readonly string[], from: readonly string[], to: readonly string[]): { graphNodes: number; components: number } {
  const index = new Map<string, number>();
  const id = (k: string): number => {
    let i = index.get(k);
    if (i === undefined) {
      i = index.size;
      index.set(k, i);
    }
    return i;
  };
  for (const k of identityKeys) id(k);
  const a = new Int32Array(from.length);
  const b = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    a[e] = id(from[e]!);
    b[e] = id(to[e]!);
  }
  const n = index.size;
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let e = 0; e < a.length; e++) {
    let x = find(a[e]!);
    let y = find(b[e]!);
    if (x === y) continue;
    if (size[x]! < size[y]!) [x, y] = [y, x];
    parent[y] = x;
    size[x]! += size[y]!;
  }
  const roots = new Set<number>();
  for (let i = 0; i < identityKeys.length; i++) roots.add(find(i));
  return { graphNodes: n, components: roots.size };
}

/** Column `name` of every row as strings (a million-row read without building row objects). */
async function column(wh: Warehouse, sql: string): Promise<string[][]> {
  const reader = await wh.conn.runAndReadAll(sql);
  return reader.getColumnsJS().map((c) => c.map((v) => String(v)));
}

async function buildOnce(rawPath: string, runDir: string, truth: readonly TruthEntry[], say: (l: string) => void) {
  const file = path.join(runDir, 'warehouse.duckdb');
  fs.copyFileSync(rawPath, file);
  const manifest = parseProject(await loadProject(MODELS_DIR));

  let results: ModelRunResult[];
  let oursMs: number;
  let predicted: Map<string, string>;
  let componentsSql: number;
  let identities: number;
  const wh = await Warehouse.open(file);
  try {
    // A cache landed before a connector was added lacks its (empty) tables.
    await ensureRawTables(wh);
    const t0 = performance.now();
    results = await runModels({
      conn: wh.conn,
      project: manifest,
      select: SELECT,
      compiledDir: path.join(runDir, 'compiled'),
      onProgress: (e) => {
        if (e.kind === 'finish') say(`identity:   ${e.result.name} ${e.result.status} in ${(e.result.durationMs / 1000).toFixed(2)} s`);
      },
    });
    oursMs = performance.now() - t0;
    const failed = results.filter((r) => r.status !== 'success');
    if (failed.length > 0) throw new Error(`models did not build: ${failed.map((r) => `${r.name}: ${r.error ?? r.status}`).join('; ')}`);

    const [src, kind, rec, cus] = await column(wh, `select source, source_kind, source_record_id, customer_id from ${ROLES.require('customer_identities')}`);
    predicted = new Map();
    for (let i = 0; i < src!.length; i++) predicted.set(`${src![i]}|${kind![i]}|${rec![i]}`, cus![i]!);
    const [c] = await wh.all(`select count(distinct component_key) as components, count(*) as n from ${ROLES.require('identity_components')}`);
    componentsSql = Number(c?.components ?? 0);
    identities = Number(c?.n ?? 0);
  } finally {
    wh.close();
  }
  const score = scoreIdentity(truth, predicted);
  predicted.clear();

  // Baselines and the phone UDF on a fresh instance: its memo starts cold, as in a build.
  const fresh = await Warehouse.open(file);
  try {
    const tr = performance.now();
    const [keys] = await column(fresh, `select identity_key from ${NODES}`);
    const [from, to] = await column(fresh, `select from_key, to_key from ${ROLES.require('identity_edges')}`);
    const unionFindReadMs = performance.now() - tr;
    const tu = performance.now();
    const uf = unionFind(keys!, from!, to!);
    const unionFindMs = performance.now() - tu;

    const te = performance.now();
    await fresh.all(`select count(tributary_e164(phone, country)) as n from ${NODES}`);
    const e164ColdMs = performance.now() - te;
    const tw = performance.now();
    await fresh.all(`select count(tributary_e164(phone, country)) as n from ${NODES}`);
    const e164WarmMs = performance.now() - tw;
    const ts = performance.now();
    const [p] = await fresh.all(`select count(phone) as phones, count(country) as countries from ${NODES}`);
    const phoneScanMs = performance.now() - ts;
    const [d] = await fresh.all(`select count(*) as n from (select distinct phone, country from ${NODES} where phone is not null)`);

    // DuckDB's floor: every raw row read once and grouped by the identity it belongs to.
    const tg = performance.now();
    await fresh.run(`create temp table bench_scan_group as
      select 'hubspot' as s, _source_id, id as k, count(*) as n from raw.hubspot_contacts group by all
      union all select 'mailchimp', _source_id, list_id || ':' || id, count(*) from raw.mailchimp_members group by all
      union all select 'activity', _source_id, list_id || ':' || email_id, count(*) from raw.mailchimp_email_activity group by all
      union all select 'anonymous_id', _source_id, anonymous_id, count(*) from raw.web_events where anonymous_id is not null group by all
      union all select 'user_id', _source_id, user_id, count(*) from raw.web_events where user_id is not null group by all`);
    const scanGroupMs = performance.now() - tg;
    const [g] = await fresh.all('select count(*) as n from bench_scan_group');

    return {
      results,
      oursMs,
      score,
      identities,
      unionFind: { readMs: unionFindReadMs, ms: unionFindMs, edges: from!.length, ...uf, agreesWithSql: uf.components === componentsSql },
      phone: { e164ColdMs, e164WarmMs, phoneScanMs, phones: Number(p?.phones ?? 0), distinctPhoneCountry: Number(d?.n ?? 0) },
      scanGroup: { ms: scanGroupMs, groups: Number(g?.n ?? 0) },
    };
  } finally {
    fresh.close();
  }
}

export async function runIdentityBench(options: IdentityOptions = {}): Promise<IdentityResult> {
  const records = options.records ?? TARGET_RECORDS;
  const repeat = options.repeat ?? 1;
  const batchSize = options.batchSize ?? 5000;
  const seed = options.seed ?? 42;
  const say = options.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const estimatedPeople = Math.max(10, Math.ceil(records * PEOPLE_PER_IDENTITY));

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-identity-'));
  try {
    const prepared = await prepare(workDir, records, estimatedPeople, seed, batchSize, options.cacheDir, say);
    const people = prepared.people;
    const rssAfterPrepare = peakRssKiB();
    const truthIdentities: Record<string, number> = {};
    for (const t of prepared.truth) truthIdentities[`${t.source}:${t.kind}`] = (truthIdentities[`${t.source}:${t.kind}`] ?? 0) + 1;

    const runs: IdentityRun[] = [];
    let last: Awaited<ReturnType<typeof buildOnce>> | undefined;
    for (let k = 0; k < repeat; k++) {
      say(`identity: build ${k + 1} of ${repeat}…`);
      const runDir = path.join(workDir, `run-${k}`);
      fs.mkdirSync(runDir);
      try {
        const b = await buildOnce(prepared.rawPath, runDir, prepared.truth, say);
        last = b;
        runs.push({
          oursMs: round(b.oursMs),
          modelMs: Object.fromEntries(b.results.map((r) => [r.name, round(r.durationMs)])),
          precision: b.score.precision,
          recall: b.score.recall,
          f1: b.score.f1,
          unionFindReadMs: round(b.unionFind.readMs),
          unionFindMs: round(b.unionFind.ms),
          scanGroupMs: round(b.scanGroup.ms),
          e164ColdMs: round(b.phone.e164ColdMs),
          e164WarmMs: round(b.phone.e164WarmMs),
          phoneScanMs: round(b.phone.phoneScanMs),
        });
        say(`identity: build ${k + 1}: ${(b.oursMs / 1000).toFixed(1)} s, precision ${b.score.precision.toFixed(4)}, recall ${b.score.recall.toFixed(4)}`);
      } finally {
        fs.rmSync(runDir, { recursive: true, force: true });
      }
    }
    const b = last!;
    const m = (key: Exclude<keyof IdentityRun, 'modelMs'>) => median(runs.map((r) => r[key]));
    const oursMs = m('oursMs');
    const models = Object.fromEntries(
      b.results.map((r) => {
        const ms = median(runs.map((x) => x.modelMs[r.name] ?? 0));
        return [r.name, { ms: round(ms), rows: r.rows ?? null, share: round(ms / oursMs, 3) }] as const;
      }),
    );
    const nodesMs = models[ROLES.model('identity_nodes') ?? '']?.ms ?? 0;
    // Components are computed by the identity_clusters model and given their lasting ids
    // by identity_components: the two together are what union-find stands in for.
    const componentsMs = (models[ROLES.model('identity_clusters') ?? '']?.ms ?? 0) + (models[ROLES.model('identity_components') ?? '']?.ms ?? 0);
    const udfMs = Math.max(0, m('e164ColdMs') - m('phoneScanMs'));
    return {
      bench: 'identity',
      target: `${TARGET_RECORDS.toLocaleString('en')} source records resolved in under ${TARGET_MS / 1000} s, precision and recall against the generator's truth beside the time`,
      params: {
        records,
        people,
        seed,
        repeat,
        batchSize,
        data: `generatePopulation({ seed: ${seed}, people: ${people} }), landed by RawTable.land in batches of ${batchSize} (hubspot contacts, mailchimp members + email_activity, web events)`,
        truthIdentities,
        rawRows: prepared.rawRows,
        generateMs: prepared.generateMs === null ? null : round(prepared.generateMs),
        landMs: prepared.landMs === null ? null : round(prepared.landMs),
        fromCache: prepared.fromCache,
      },
      ours: {
        path: `runModels select ${SELECT.join(' ')} on a copy of the landed warehouse (Warehouse.open, tributary_e164 registered)`,
        ms: oursMs,
        seconds: round(oursMs / 1000, 2),
        identities: b.identities,
        identitiesPerSec: Math.round(b.identities / (oursMs / 1000)),
        models,
      },
      quality: {
        precision: round(m('precision'), 5),
        recall: round(m('recall'), 5),
        f1: round(m('f1'), 5),
        scoredRecords: b.score.records,
        truePairs: b.score.truePairs,
        predictedPairs: b.score.predictedPairs,
        correctPairs: b.score.correctPairs,
      },
      meetsTarget: b.identities >= TARGET_RECORDS && oursMs < TARGET_MS,
      phone: {
        e164ColdMs: m('e164ColdMs'),
        e164WarmMs: m('e164WarmMs'),
        scanMs: m('phoneScanMs'),
        phones: b.phone.phones,
        distinctPhoneCountry: b.phone.distinctPhoneCountry,
        shareOfNodesModel: nodesMs > 0 ? round(udfMs / nodesMs, 3) : 0,
        shareOfOurs: round(udfMs / oursMs, 3),
      },
      baseline: {
        unionFind: {
          path: 'JS union-find (interned keys, Int32Array parents, path halving, union by size) over the identity graph edges',
          readMs: m('unionFindReadMs'),
          ms: m('unionFindMs'),
          edges: b.unionFind.edges,
          graphNodes: b.unionFind.graphNodes,
          components: b.unionFind.components,
          agreesWithSql: b.unionFind.agreesWithSql,
        },
        scanGroup: {
          path: 'one CREATE TEMP TABLE grouping every raw row of the four identity tables by identity key',
          ms: m('scanGroupMs'),
          groups: b.scanGroup.groups,
        },
      },
      ratios: {
        componentsVsUnionFind: round(componentsMs / m('unionFindMs'), 2),
        oursVsScanGroup: round(oursMs / m('scanGroupMs'), 2),
      },
      memory: { peakRssKiBAfterPrepare: rssAfterPrepare, peakRssKiBEnd: peakRssKiB() },
      runs,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `--cache-dir DIR` (a path) apart from the integer flags. */
export function splitCacheDir(argv: readonly string[]): { cacheDir: string | undefined; rest: string[] } {
  const { values, tokens } = parseArgs({ args: [...argv], options: { 'cache-dir': { type: 'string' } }, strict: false, tokens: true });
  const rest: string[] = [];
  const drop = new Set<number>();
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && t.name === 'cache-dir') {
      drop.add(t.index);
      if (t.inlineValue === false) drop.add(t.index + 1);
    }
  }
  argv.forEach((a, i) => {
    if (!drop.has(i)) rest.push(a);
  });
  const v = values['cache-dir'];
  return { cacheDir: typeof v === 'string' ? v : undefined, rest };
}

if (isMain(import.meta.url)) {
  const { cacheDir, rest } = splitCacheDir(process.argv.slice(2));
  const f = integerFlags(rest, { records: TARGET_RECORDS, repeat: 1, 'batch-size': 5000, seed: 42 });
  runAsScript(() => runIdentityBench({ records: f.records, repeat: f.repeat, batchSize: f['batch-size'], seed: f.seed, ...(cacheDir ? { cacheDir } : {}) }));
}

/** Every raw table the models may read exists (empty if nothing landed), as buildModels makes sure of. */
async function ensureRawTables(wh: Warehouse): Promise<void> {
  for (const connector of allConnectors()) {
    for (const stream of connector.streams) {
      await RawTable.open(wh, { sourceId: connector.type, connectorType: connector.type, tablePrefix: connector.tablePrefix, stream }, silentLogger());
    }
  }
}
