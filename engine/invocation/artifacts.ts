/**
 * dbt's artifacts, with the fields tools that read them rely on:
 * `target/manifest.json` (nodes keyed by unique id with resource_type, depends_on,
 * config, columns, compiled_code, original_file_path; sources; parent and child maps)
 * and `target/run_results.json` (one result per executed node with status, timing,
 * execution_time, message, failures).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../manifest.js';
import { packageDirOf, packageOf } from '../project.js';
import type { ColumnDoc } from '../schema-yml.js';
import { testPackage, type GraphNode, type InvocationGraph } from './graph.js';
import type { DuckDBTarget } from './profiles.js';

/** The outcome of one node, as run_results.json records it. */
export interface NodeResult {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: 'model' | 'seed' | 'snapshot' | 'test';
  /** Models and seeds: success | error | skipped. Tests: pass | fail | warn | error | skipped. */
  readonly status: 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';
  readonly message: string | undefined;
  /** Failing rows of a test. */
  readonly failures: number | undefined;
  /** `schema.name` the node built, for models and seeds. */
  readonly relationName: string | undefined;
  readonly materialized: string;
  readonly rows: number | undefined;
  readonly compiledCode: string | undefined;
  readonly compiledPath: string | undefined;
  readonly startedAt: Date;
  readonly completedAt: Date;
  /** Seconds. */
  readonly executionTime: number;
  /** Which of the invocation's threads (1-based) ran it. */
  readonly thread?: number;
}

export interface ArtifactContext {
  readonly manifest: Manifest;
  readonly graph: InvocationGraph;
  readonly target: DuckDBTarget;
  readonly invocationId: string;
  readonly generatedAt: Date;
  readonly command: string;
}

const columnsJson = (columns: readonly ColumnDoc[]) =>
  Object.fromEntries(columns.map((c) => [c.name, { name: c.name, description: c.description ?? '', data_type: c.dataType ?? null, meta: c.meta, tags: c.tags }]));

/** The node (or, for a test, a stand-in carrying its package) whose package owns `node`. */
function nodeOwner(ctx: ArtifactContext, node: GraphNode): { readonly packageName?: string | undefined } {
  if (node.resourceType === 'seed') return node.seed;
  if (node.resourceType !== 'test') return node.model.node;
  const pkg = testPackage(ctx.manifest.project, node.test);
  return pkg === ctx.manifest.project.name ? {} : { packageName: pkg };
}

function nodeJson(ctx: ArtifactContext, node: GraphNode, compiled: ReadonlyMap<string, string>): Record<string, unknown> {
  const { manifest, graph, target } = ctx;
  const project = manifest.project;
  const deps = graph.dag.depsOf(node.uniqueId);
  const base = {
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    name: node.name,
    package_name: packageOf(project, nodeOwner(ctx, node)),
    database: target.database,
  };
  const pkg = base.package_name;
  const code = compiled.get(node.uniqueId);
  switch (node.resourceType) {
    case 'model':
    case 'snapshot': {
      const m = node.model;
      // A package's model paths are not kept; its models sit under their first folder (`models/`) as nearly all do.
      const modelPath = m.node.packageName === undefined ? project.modelPaths.find((p) => m.node.relPath.startsWith(`${p}/`)) : m.node.relPath.split('/')[0];
      const v = m.node.version;
      return {
        ...base,
        ...(v ? { name: v.model, version: v.v, latest_version: v.latest } : {}),
        schema: m.relation.schema,
        alias: m.relation.name,
        relation_name: `"${target.database}"."${m.relation.schema}"."${m.relation.name}"`,
        path: modelPath ? m.node.relPath.slice(modelPath.length + 1) : m.node.relPath,
        original_file_path: m.node.relPath,
        patch_path: m.node.patchPath ? `${pkg}://${path.relative(packageDirOf(project, m.node), m.node.patchPath)}` : null,
        fqn: [pkg, ...m.node.relPath.replace(/\.sql$/u, '').split('/').slice(1)],
        tags: m.tags,
        description: m.node.description ?? '',
        meta: m.node.meta,
        config: { enabled: true, ...m.config, materialized: m.materialization.kind, tags: m.tags },
        columns: columnsJson(m.node.columns),
        depends_on: { nodes: deps, macros: [] },
        refs: [...m.dependsOn.models, ...m.dependsOn.seeds].map((name) => ({ name, package: null, version: null })),
        sources: m.dependsOn.sources.map((s) => s.split('.')),
        raw_code: m.node.rawSql,
        language: 'sql',
        compiled: code !== undefined,
        ...(code !== undefined ? { compiled_code: code } : {}),
      };
    }
    case 'seed': {
      const rel = manifest.seedRelation(node.name);
      return {
        ...base,
        schema: rel.schema,
        alias: rel.name,
        relation_name: `"${target.database}"."${rel.schema}"."${rel.name}"`,
        path: node.seed.relPath.split('/').slice(1).join('/'),
        original_file_path: node.seed.relPath,
        fqn: [pkg, ...node.seed.relPath.replace(/\.csv$/u, '').split('/').slice(1)],
        tags: node.seed.config.tags ?? [],
        config: { enabled: true, ...node.seed.config, materialized: 'seed' },
        columns: {},
        depends_on: { nodes: [], macros: [] },
      };
    }
    case 'test': {
      const t = node.test;
      const spec = t.spec.test;
      const file = t.spec.file ? path.relative(project.dir, t.spec.file) : undefined;
      return {
        ...base,
        schema: target.schema,
        alias: node.name,
        path: `${node.name}.sql`,
        original_file_path: file ?? null,
        fqn: [pkg, node.name],
        tags: [],
        column_name: t.column ?? null,
        attached_node: node.attachedTo ?? null,
        test_metadata: {
          name: spec.kind === 'generic' ? spec.name : spec.kind,
          namespace: spec.kind === 'generic' ? (spec.package ?? null) : null,
          kwargs: { ...(spec.kind === 'generic' ? spec.args : {}), ...(t.column ? { column_name: t.column } : {}) },
        },
        config: { enabled: true, severity: t.spec.severity.toUpperCase(), where: t.spec.where ?? null, materialized: 'test' },
        depends_on: { nodes: deps, macros: [] },
        compiled: code !== undefined,
        ...(code !== undefined ? { compiled_code: code } : {}),
      };
    }
  }
}

/** Writes target/manifest.json; returns its path. */
export async function writeManifest(ctx: ArtifactContext, compiled: ReadonlyMap<string, string>): Promise<string> {
  const { manifest, graph } = ctx;
  const project = manifest.project;
  const nodes = Object.fromEntries(graph.dag.keys().map((k) => [k, nodeJson(ctx, graph.dag.get(k), compiled)]));
  const sources = Object.fromEntries(
    Object.values(project.sources).map((s) => {
      const id = `source.${packageOf(project, s)}.${s.source}.${s.name}`;
      return [
        id,
        {
          unique_id: id,
          resource_type: 'source',
          source_name: s.source,
          name: s.name,
          package_name: packageOf(project, s),
          database: ctx.target.database,
          schema: s.schema,
          identifier: s.identifier,
          relation_name: `"${ctx.target.database}"."${s.schema}"."${s.identifier}"`,
          original_file_path: path.relative(packageDirOf(project, s), s.file),
          description: s.description ?? '',
          meta: s.meta,
          columns: columnsJson(s.columns),
          fqn: [packageOf(project, s), s.source, s.name],
        },
      ];
    }),
  );
  const parentMap = Object.fromEntries(graph.dag.keys().map((k) => [k, graph.dag.depsOf(k)]));
  const childMap: Record<string, string[]> = Object.fromEntries(graph.dag.keys().map((k) => [k, [] as string[]]));
  for (const [child, parents] of Object.entries(parentMap)) for (const p of parents) childMap[p]?.push(child);
  const doc = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.10.0',
      generated_at: ctx.generatedAt.toISOString(),
      invocation_id: ctx.invocationId,
      adapter_type: 'duckdb',
      project_name: project.name,
      generator: 'tributary',
    },
    nodes,
    sources,
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: parentMap,
    child_map: childMap,
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
  const file = path.join(project.targetPath, 'manifest.json');
  await fs.mkdir(project.targetPath, { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

/** Writes target/run_results.json; returns its path. */
export async function writeRunResults(ctx: ArtifactContext, results: readonly NodeResult[], elapsedSeconds: number, args: Record<string, unknown>): Promise<string> {
  const doc = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: '1.10.0',
      generated_at: ctx.generatedAt.toISOString(),
      invocation_id: ctx.invocationId,
      generator: 'tributary',
    },
    results: results.map((r) => ({
      unique_id: r.uniqueId,
      status: r.status,
      timing: [
        { name: 'compile', started_at: r.startedAt.toISOString(), completed_at: r.startedAt.toISOString() },
        { name: 'execute', started_at: r.startedAt.toISOString(), completed_at: r.completedAt.toISOString() },
      ],
      thread_id: `Thread-${r.thread ?? 1}`,
      execution_time: r.executionTime,
      adapter_response: r.rows === undefined ? {} : { _message: `OK ${r.rows}`, rows_affected: r.rows },
      message: r.message ?? null,
      failures: r.failures ?? null,
      compiled: r.compiledCode !== undefined,
      compiled_code: r.compiledCode ?? null,
      relation_name: r.relationName ?? null,
    })),
    elapsed_time: elapsedSeconds,
    // dbt records `docs generate` as its subcommand's name.
    args: { which: ctx.command === 'docs generate' ? 'generate' : ctx.command, ...args },
  };
  const file = path.join(ctx.manifest.project.targetPath, 'run_results.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
