/**
 * A sync's OpenLineage feed (`lineage.openlineage` in tributary.yml): after each stage
 * the events of its jobs are built (governance/openlineage/events.ts) and sent
 * (./transport.ts) — per stream once extraction is done, per model once the governance
 * pass has its column lineage (or at once, without it, when the build failed), per
 * published table once the publish is done or failed. Event times are the jobs' own.
 *
 * Dataset names: warehouse and analytics tables as `schema.table` in the namespace
 * `duckdb://<host><file>`; a source's stream as `<stream>` in `<connector>://<source id>`
 * (no URL: it could carry credentials).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger, PiiTag } from '../../core/index.js';
import { runEvent, type DatasetRef, type FieldInput, type JobRun, type OutputSpec } from '../../governance/openlineage/events.js';
import type { MaskingPolicy } from '../../schema/pii-taxonomy.js';
import type { TributaryConfig } from '../config/load-config.js';
import type { StreamResult } from '../extract/extract-source.js';
import type { GovernStageResult } from '../govern/govern-stage.js';
import { rawColumnInfo } from '../land/raw-columns.js';
import type { PublishTable } from '../publish/publish.js';
import type { BuildResult } from '../transform/build-models.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { sendEvents, type OpenLineageTarget } from './transport.js';

export interface OpenLineageSettings extends OpenLineageTarget {
  /** Namespace of Tributary's jobs. */
  readonly namespace: string;
}

type Column = { name: string; type: string; description?: string | undefined };

export class SyncLineage {
  readonly #settings: OpenLineageSettings;
  readonly #config: TributaryConfig;
  readonly #log: Logger;
  readonly #parent: { runId: string; job: string };
  readonly #warehouseNs: string;
  readonly #analyticsNs: string;
  #modelsSent = false;
  readonly problems: string[] = [];

  private constructor(config: TributaryConfig, settings: OpenLineageSettings, log: Logger, command: string) {
    this.#config = config;
    this.#settings = settings;
    this.#log = log;
    this.#parent = { runId: randomUUID(), job: `tributary.${command.replace(/[^a-z0-9]+/gi, '_')}` };
    this.#warehouseNs = `duckdb://${hostname()}${config.warehousePath}`;
    this.#analyticsNs = `duckdb://${hostname()}${config.analyticsPath}`;
  }

  /** The feed, or undefined when tributary.yml configures none. */
  static create(config: TributaryConfig, log: Logger, command: string): SyncLineage | undefined {
    return config.openlineage ? new SyncLineage(config, config.openlineage, log, command) : undefined;
  }

  /** START and COMPLETE/FAIL of every stream extracted: API fields → raw columns. */
  async streams(wh: Warehouse, results: readonly StreamResult[]): Promise<void> {
    if (results.length === 0) return;
    const info = await rawColumnInfo(wh).catch(() => []);
    const events: Record<string, unknown>[] = [];
    for (const r of results) {
      const source = this.#config.sources.find((s) => s.id === r.sourceId);
      const input: DatasetRef = { namespace: `${source?.type ?? 'source'}://${r.sourceId}`, name: r.stream };
      const table = r.table.replace(/^raw\./, '');
      const cols = info.filter((c) => c.table === table);
      const lineage: Record<string, FieldInput[]> = {};
      for (const c of cols) lineage[c.column] = [{ ...input, field: c.fieldPath, transform: 'field' }];
      const output: OutputSpec = { namespace: this.#warehouseNs, name: r.table, columns: cols.map((c) => ({ name: c.column, type: c.dataType })), lineage };
      const run = this.#run(`extract.${r.sourceId}.${r.stream}`, 'STREAM', [input], [output]);
      events.push(runEvent(run, 'START', r.startedAt));
      events.push(r.status === 'success' ? runEvent(run, 'COMPLETE', r.finishedAt) : runEvent(run, 'FAIL', r.finishedAt, r.error ?? r.status));
    }
    await this.#send(events);
  }

  /**
   * START and COMPLETE/FAIL of every model the build ran: its input columns → its
   * columns, from the governance pass when there was one.
   */
  async models(wh: Warehouse | undefined, build: BuildResult, governance: GovernStageResult | undefined, finishedAt: Date): Promise<void> {
    if (this.#modelsSent) return;
    this.#modelsSent = true;
    const edges = governance?.governance.snapshot.edges ?? [];
    const types = wh ? await columnTypes(wh).catch(() => new Map<string, Column[]>()) : new Map<string, Column[]>();
    let at = finishedAt.getTime() - build.durationMs;
    const events: Record<string, unknown>[] = [];
    for (const r of build.results) {
      // A model skipped because an upstream one failed never started: no run to report.
      if (r.status === 'skipped') continue;
      const relation = `${r.relation.schema}.${r.relation.name}`.toLowerCase();
      const node = build.manifest.models[r.name]?.node;
      const described = new Map((node?.columns ?? []).map((c) => [c.name, c.description]));
      const lineage: Record<string, FieldInput[]> = {};
      const inputs = new Map<string, DatasetRef>();
      for (const e of edges) {
        if (!e.toNode.startsWith(`${relation}.`)) continue;
        const column = e.toNode.slice(relation.length + 1);
        const cut = e.fromNode.lastIndexOf('.');
        const from = { namespace: this.#warehouseNs, name: e.fromNode.slice(0, cut) };
        inputs.set(from.name, from);
        (lineage[column] ??= []).push({ ...from, field: e.fromNode.slice(cut + 1), transform: e.transform });
      }
      const columns = (types.get(relation) ?? []).map((c) => ({ ...c, description: described.get(c.name) }));
      const run = this.#run(`build.${r.name}`, 'MODEL', [...inputs.values()], [{ namespace: this.#warehouseNs, name: relation, columns, lineage }]);
      const start = new Date(at);
      at += r.durationMs;
      events.push(runEvent(run, 'START', start));
      events.push(r.status === 'success' ? runEvent(run, 'COMPLETE', new Date(at)) : runEvent(run, 'FAIL', new Date(at), r.error ?? r.status));
    }
    await this.#send(events);
  }

  /** START and COMPLETE (or FAIL) of copying each published table, with the masking its columns get. */
  async publish(wh: Warehouse, tables: readonly PublishTable[], masking: Readonly<Record<PiiTag, MaskingPolicy>>, startedAt: Date, error?: string): Promise<void> {
    const types = await columnTypes(wh).catch(() => new Map<string, Column[]>());
    const events: Record<string, unknown>[] = [];
    for (const t of tables) {
      const relation = `main.${t.name}`;
      const input: DatasetRef = { namespace: this.#warehouseNs, name: relation };
      const columns = types.get(relation) ?? [];
      const lineage: Record<string, FieldInput[]> = {};
      for (const c of columns) {
        const tags = t.piiColumns.find((p) => p.column === c.name)?.tags ?? [];
        const policy = strictest(tags.map((tag) => masking[tag as PiiTag] ?? 'redact'));
        lineage[c.name] = [{ ...input, field: c.name, transform: policy === 'none' ? 'identity' : `masking:${policy}`, masking: policy !== 'none' }];
      }
      const run = this.#run(`publish.${t.name}`, 'PUBLISH', [input], [{ namespace: this.#analyticsNs, name: relation, columns: columns.map((c) => ({ ...c, description: t.columnDescriptions?.[c.name] })), lineage }]);
      events.push(runEvent(run, 'START', startedAt));
      events.push(error === undefined ? runEvent(run, 'COMPLETE', new Date()) : runEvent(run, 'FAIL', new Date(), error));
    }
    await this.#send(events);
  }

  #run(job: string, jobType: string, inputs: readonly DatasetRef[], outputs: readonly OutputSpec[]): JobRun {
    return { namespace: this.#settings.namespace, job, jobType, runId: randomUUID(), parent: this.#parent, inputs, outputs };
  }

  async #send(events: readonly Record<string, unknown>[]): Promise<void> {
    // Error messages are the run's own, already scrubbed where they were made; scrub again
    // on the way out so no secret of this config can leave in an event.
    const scrubbed = events.map((e) => JSON.parse(this.#config.redactor.scrub(JSON.stringify(e))) as Record<string, unknown>);
    const problems = await sendEvents(this.#settings, scrubbed);
    for (const p of problems) this.#log.warn(p);
    this.problems.push(...problems);
  }
}

const STRICTNESS: Record<MaskingPolicy, number> = { none: 0, partial: 1, hash: 2, redact: 3 };

function strictest(policies: readonly MaskingPolicy[]): MaskingPolicy {
  return policies.reduce<MaskingPolicy>((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a), 'none');
}

async function columnTypes(wh: Warehouse): Promise<Map<string, Column[]>> {
  const rows = await wh.all(
    `select table_schema, table_name, column_name, data_type from information_schema.columns
      where table_schema in ('raw', 'main') and table_catalog = current_database() order by table_schema, table_name, ordinal_position`,
  );
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    const key = `${String(r.table_schema)}.${String(r.table_name)}`.toLowerCase();
    const list = out.get(key) ?? [];
    list.push({ name: String(r.column_name), type: String(r.data_type) });
    out.set(key, list);
  }
  return out;
}
