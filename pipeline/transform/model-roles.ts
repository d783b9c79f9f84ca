/**
 * Model roles: the few models Tributary's own code reads by what they are, not by
 * name. A models project declares them in model meta (schema.yml or `config()`):
 *
 * ```yaml
 * models:
 *   - name: int_identity__nodes
 *     meta: { tributary_role: identity_nodes }
 * ```
 *
 * so a user's own project (`models:` in tributary.yml) can name its models as it likes,
 * and `forget` and the demo still find the identity graph. Published models are
 * declared the same way, with `+publish: true` (see build-models.ts).
 */
import { ConfigError, quoteQualified } from '../../core/index.js';
import { loadProject, parseProject, type Manifest } from '../../engine/index.js';

export const MODEL_ROLES = {
  /** One row per source identity: identity_key, source, source_kind, source_id, source_record_id, emails, phone, phone_e164, email_normalized. */
  identity_nodes: 'the identity graph\'s nodes',
  /** The graph's edges: from_key, to_key. */
  identity_edges: 'the identity graph\'s edges',
  /** The pairs blocking chose to compare: left_key, right_key, blocking_rule (its row count is the comparison count). */
  identity_candidate_pairs: 'the identity matching\'s candidate pairs',
  /** Every compared pair with its per-field levels, match_weight, is_match and evidence. */
  identity_scored_pairs: 'the identity matching\'s scored pairs',
  /** Per field and level: m, u, match_weight; and the '_prior' row. */
  identity_match_parameters: 'the identity matching\'s m and u parameters',
  /** The graph's components as one build sees them: identity_key, component_key, anchor_identity_key (before lasting ids). */
  identity_clusters: 'the identity graph\'s clusters',
  /** identity_key → customer_id (and match_rule). */
  identity_components: 'the identity graph\'s components',
  /** One row per link between two source records: customer_id, left/right_identity_key, link_type, match_rule, match_weight, per-field levels and weights. */
  identity_links: 'the identity links mart',
  /** One row per customer. */
  customers: 'the customers mart',
  /** Every source record that resolved to a customer: source, source_kind, source_record_id, customer_id. */
  customer_identities: 'the customer identities mart',
} as const;

export type ModelRole = keyof typeof MODEL_ROLES;

/** The roles a project declares, each with its model's relation quoted for SQL. */
export class ModelRoles {
  readonly #relations: ReadonlyMap<ModelRole, { model: string; sql: string }>;

  private constructor(relations: ReadonlyMap<ModelRole, { model: string; sql: string }>) {
    this.#relations = relations;
  }

  /** Reads `meta.tributary_role` of every model; a role declared twice is a config error. */
  static of(manifest: Manifest): ModelRoles {
    const relations = new Map<ModelRole, { model: string; sql: string }>();
    for (const [name, model] of Object.entries(manifest.models)) {
      const role = model.node.meta.tributary_role ?? model.config.meta?.tributary_role;
      if (role === undefined) continue;
      if (typeof role !== 'string' || !(role in MODEL_ROLES)) {
        throw new ConfigError(`model "${name}": meta.tributary_role must be one of ${Object.keys(MODEL_ROLES).join(', ')}, got ${JSON.stringify(role)}`);
      }
      const other = relations.get(role as ModelRole);
      if (other) throw new ConfigError(`models "${other.model}" and "${name}" both declare meta.tributary_role: ${role}`);
      relations.set(role as ModelRole, { model: name, sql: quoteQualified(model.relation.schema, model.relation.name) });
    }
    return new ModelRoles(relations);
  }

  /** The quoted relation of the role's model, or undefined when the project has none. */
  relation(role: ModelRole): string | undefined {
    return this.#relations.get(role)?.sql;
  }

  /** The name of the role's model, or undefined when the project has none. */
  model(role: ModelRole): string | undefined {
    return this.#relations.get(role)?.model;
  }

  /** Like `relation`, but a missing role is a config error naming what to declare. */
  require(role: ModelRole): string {
    const sql = this.relation(role);
    if (sql === undefined) {
      throw new ConfigError(`the models project declares no ${MODEL_ROLES[role]}`, {
        hint: `add \`meta: { tributary_role: ${role} }\` to that model in its schema.yml`,
      });
    }
    return sql;
  }
}

/** The roles of the models project in `dir` (parsed, not built). */
export async function loadModelRoles(dir: string): Promise<ModelRoles> {
  return ModelRoles.of(parseProject(await loadProject(dir)));
}
