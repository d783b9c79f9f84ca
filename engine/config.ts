/**
 * Model configuration as dbt spells it, and how the layers merge: dbt_project.yml
 * folder config (outer folders first) < the model's `config:` in a schema .yml <
 * `{{ config(...) }}` in the model file. Tags accumulate across layers, as in dbt;
 * `meta` merges key by key; everything else is overridden by the later layer.
 */
import { z } from 'zod';
import type { Materialization } from './materialize.js';
import { ProjectConfigError, ProjectErrors, formatKeyPath } from './errors.js';

export const MATERIALIZATION_KINDS = ['view', 'table', 'ephemeral', 'incremental', 'snapshot'] as const;
export type MaterializationKind = (typeof MATERIALIZATION_KINDS)[number];

/** Schema objects are created in when a model does not say otherwise. */
export const DEFAULT_SCHEMA = 'main';

const stringOrList = z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === 'string' ? [v] : v));

/**
 * The config keys a model accepts (without dbt's `+` prefix). Keys dbt knows but this
 * engine does not act on are accepted and ignored, so a project written for dbt loads;
 * anything else is an error, so a typo such as `materialised` does not pass silently.
 */
export const modelConfigSchema = z.strictObject({
  materialized: z.enum(MATERIALIZATION_KINDS).optional(),
  tags: stringOrList.optional(),
  schema: z.string().min(1).optional(),
  alias: z.string().min(1).optional(),
  unique_key: stringOrList.optional(),
  enabled: z.boolean().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  full_refresh: z.boolean().optional(),
  // Seeds: dbt-duckdb's types for named columns, quoting of header names, the CSV delimiter.
  column_types: z.record(z.string(), z.string()).optional(),
  quote_columns: z.boolean().optional(),
  delimiter: z.string().min(1).optional(),
  // SQL (Jinja) run after the node is built, in this engine for seeds and models.
  'post-hook': stringOrList.optional(),
  'pre-hook': stringOrList.optional(),
  // Accepted for dbt compatibility; no effect here.
  docs: z.unknown().optional(),
  persist_docs: z.unknown().optional(),
  on_schema_change: z.enum(['ignore', 'append_new_columns', 'sync_all_columns', 'fail']).optional(),
  incremental_strategy: z.unknown().optional(),
  contract: z.unknown().optional(),
  grants: z.unknown().optional(),
  database: z.unknown().optional(),
  description: z.unknown().optional(),
  // Snapshots (`{% snapshot %}` blocks): how a changed row is detected, and where the history lives.
  strategy: z.enum(['timestamp', 'check']).optional(),
  updated_at: z.string().min(1).optional(),
  check_cols: z.union([z.literal('all'), z.array(z.string().min(1))]).optional(),
  target_schema: z.string().min(1).optional(),
  target_database: z.unknown().optional(),
  invalidate_hard_deletes: z.boolean().optional(),
  hard_deletes: z.enum(['ignore', 'invalidate', 'new_record']).optional(),
  snapshot_meta_column_names: z.unknown().optional(),
  dbt_valid_to_current: z.unknown().optional(),
});

export type ModelConfig = z.output<typeof modelConfigSchema>;

export const CONFIG_KEYS: ReadonlySet<string> = new Set(Object.keys(modelConfigSchema.shape));

/** `b` layered over `a`. */
export function mergeConfig(a: ModelConfig, b: ModelConfig): ModelConfig {
  const out: ModelConfig = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof ModelConfig, unknown][]) {
    if (value === undefined) continue;
    if (key === 'tags') out.tags = [...new Set([...(a.tags ?? []), ...(value as string[])])];
    else if (key === 'meta') out.meta = { ...(a.meta ?? {}), ...(value as Record<string, unknown>) };
    else (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The materialization a merged config asks for (dbt's default is a view). */
export function materializationOf(config: ModelConfig): Materialization {
  switch (config.materialized ?? 'view') {
    case 'view':
      return { kind: 'view' };
    case 'table':
      return { kind: 'table' };
    case 'ephemeral':
      return { kind: 'ephemeral' };
    case 'incremental':
      return {
        kind: 'incremental',
        ...(config.unique_key ? { uniqueKey: [...config.unique_key] } : {}),
        onSchemaChange: config.on_schema_change ?? 'ignore',
      };
    case 'snapshot':
      return snapshotMaterialization(config);
  }
}

/**
 * A snapshot's config, checked as dbt checks it (a unique key always; `updated_at` for the
 * timestamp strategy, `check_cols` for check). Throws a message naming the missing key;
 * the parse pass reports it against the snapshot's file.
 */
function snapshotMaterialization(config: ModelConfig): Materialization {
  const uniqueKey = config.unique_key ?? [];
  if (uniqueKey.length === 0) throw new Error(`a snapshot needs config unique_key`);
  const hardDeletes = config.hard_deletes ?? (config.invalidate_hard_deletes ? 'invalidate' : 'ignore');
  switch (config.strategy) {
    case 'timestamp':
      if (!config.updated_at) throw new Error(`a snapshot with strategy 'timestamp' needs config updated_at`);
      return { kind: 'snapshot', uniqueKey, strategy: { kind: 'timestamp', updatedAt: config.updated_at }, hardDeletes };
    case 'check':
      if (!config.check_cols) throw new Error(`a snapshot with strategy 'check' needs config check_cols (a list of columns, or 'all')`);
      return { kind: 'snapshot', uniqueKey, strategy: { kind: 'check', checkCols: config.check_cols }, hardDeletes };
    default:
      throw new Error(`a snapshot needs config strategy: 'timestamp' or 'check'`);
  }
}

/**
 * The folder-level config tree of dbt_project.yml (`models: { <project>: { staging:
 * { +materialized: view } } }`), validated once and queried per model path.
 */
export class FolderConfigTree {
  readonly #root: FolderNode;
  readonly #used = new Set<FolderNode>();

  private constructor(root: FolderNode) {
    this.#root = root;
  }

  /**
   * @param tree the mapping under `models.<project name>` (or `seeds.<project name>`)
   * @param file dbt_project.yml, for error messages
   * @param prefix key path of `tree` inside the file
   */
  static parse(tree: unknown, file: string, prefix: readonly string[]): FolderConfigTree {
    const errors: ProjectConfigError[] = [];
    const root = parseNode(tree, file, prefix, errors);
    if (errors.length > 0) throw new ProjectErrors(errors);
    return new FolderConfigTree(root);
  }

  /** The merged config for a resource at `segments` (folders under the model path, then the model name). */
  configFor(segments: readonly string[]): ModelConfig {
    let node: FolderNode | undefined = this.#root;
    let config: ModelConfig = node.config;
    this.#used.add(node);
    for (const segment of segments) {
      node = node.children.get(segment);
      if (!node) break;
      this.#used.add(node);
      config = mergeConfig(config, node.config);
    }
    return config;
  }

  /** Key paths of folder entries that matched no resource (dbt warns about these too). */
  unusedPaths(): string[] {
    const out: string[] = [];
    const walk = (node: FolderNode): void => {
      for (const child of node.children.values()) {
        if (!this.#used.has(child)) out.push(child.keyPath);
        else walk(child);
      }
    };
    walk(this.#root);
    return out;
  }
}

interface FolderNode {
  readonly keyPath: string;
  readonly config: ModelConfig;
  readonly children: Map<string, FolderNode>;
}

function parseNode(value: unknown, file: string, keyPath: readonly string[], errors: ProjectConfigError[]): FolderNode {
  const node: FolderNode = { keyPath: keyPath.join('.'), config: {}, children: new Map() };
  if (value === null || value === undefined) return node;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(new ProjectConfigError(file, keyPath.join('.'), 'expected a mapping of folders and +config keys'));
    return node;
  }
  const raw: Record<string, unknown> = {};
  const written = new Map<string, string>(); // config key -> as the user wrote it ('+materialized')
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key.startsWith('+')) {
      raw[key.slice(1)] = child;
      written.set(key.slice(1), key);
    } else if (CONFIG_KEYS.has(key) && (typeof child !== 'object' || child === null || Array.isArray(child) || key === 'meta')) {
      // dbt still accepts config keys without '+' when the value is not a folder mapping.
      raw[key] = child;
      written.set(key, key);
    } else {
      node.children.set(key, parseNode(child, file, [...keyPath, key], errors));
    }
  }
  const parsed = modelConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, ...rest] = issue.path;
      const shown = typeof first === 'string' ? [written.get(first) ?? first, ...rest] : issue.path;
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          errors.push(
            new ProjectConfigError(file, formatKeyPath([...keyPath, written.get(k) ?? k]), `unknown config key "${k}"`, {
              hint: `known keys: ${[...CONFIG_KEYS].map((c) => `+${c}`).join(', ')}`,
            }),
          );
        }
      } else {
        errors.push(new ProjectConfigError(file, formatKeyPath([...keyPath, ...shown]), issue.message));
      }
    }
    return node;
  }
  return { ...node, config: parsed.data };
}
