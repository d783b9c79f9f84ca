/**
 * dbt's `pre-hook` / `post-hook` configs: SQL (Jinja) a project runs around building a
 * node — grants, analyze, dropping a helper table. Each hook is rendered in the node's
 * context (`this` is the node's relation) with the queries its Jinja asks for run as
 * it renders, then what it renders to, if anything, is executed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelConfig } from './config.js';
import { withQueries, type Manifest } from './manifest.js';
import { stripTrailingSemicolons } from './materialize.js';

export interface HookNode {
  readonly name: string;
  readonly path: string;
  readonly relPath: string;
  readonly config: ModelConfig;
  readonly resourceType: 'model' | 'seed';
}

/**
 * Runs the node's hooks of one kind, in the order they are configured.
 * @throws Error naming the hook when one fails to render or run.
 */
export async function runHooks(conn: DuckDBConnection, manifest: Manifest, node: HookNode, kind: 'pre-hook' | 'post-hook'): Promise<void> {
  for (const [i, hook] of (node.config[kind] ?? []).entries()) {
    try {
      const sql = await withQueries(conn, (queries) => manifest.renderer.render({ node, mode: 'compile', models: manifest.models, queries, source: hook }).sql);
      const statement = stripTrailingSemicolons(sql).trim();
      if (statement !== '') await conn.run(statement);
    } catch (err) {
      throw new Error(`${kind} ${i + 1} of ${node.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}
