/**
 * A dbt invocation's graph: seeds, models and data tests as nodes with dbt's unique
 * ids (`model.<project>.<name>`, `seed.…`, `test.…`), the edges between them, and the
 * selection dbt's commands make on it (tests follow the models they test, as dbt's
 * "eager" indirect selection does).
 */
import { Dag } from '../dag.js';
import type { Manifest, ParsedModel } from '../manifest.js';
import { packageOf, type Project, type SeedNode, type SingularTest } from '../project.js';
import { selectNodes, type SelectableNode } from '../select.js';
import { parseRelationRef } from '../schema-yml.js';
import { planDataTests, type PlannedTest } from '../tests.js';

export type ResourceType = 'model' | 'seed' | 'test' | 'snapshot';

export type GraphNode =
  | { readonly uniqueId: string; readonly resourceType: 'model' | 'snapshot'; readonly name: string; readonly model: ParsedModel }
  | { readonly uniqueId: string; readonly resourceType: 'seed'; readonly name: string; readonly seed: SeedNode }
  | { readonly uniqueId: string; readonly resourceType: 'test'; readonly name: string; readonly test: PlannedTest; readonly attachedTo: string | undefined };

export interface InvocationGraph {
  readonly dag: Dag<GraphNode>;
  /** Unique id of each model and seed by name (what `ref()` names). */
  readonly idOf: ReadonlyMap<string, string>;
}

export function buildGraph(manifest: Manifest): InvocationGraph {
  const project = manifest.project;
  const dag = new Dag<GraphNode>();
  const idOf = new Map<string, string>();
  for (const seed of Object.values(project.seeds)) idOf.set(seed.name, `seed.${packageOf(project, seed)}.${seed.name}`);
  // A version of a versioned model is `model.<project>.<name>.v<version>`, as in dbt.
  for (const m of Object.values(manifest.models)) {
    const v = m.node.version;
    idOf.set(m.node.name, `${m.node.resourceType ?? 'model'}.${packageOf(project, m.node)}.${v ? `${v.model}.v${v.v}` : m.node.name}`);
  }
  for (const seed of Object.values(project.seeds)) {
    dag.add(idOf.get(seed.name)!, { uniqueId: idOf.get(seed.name)!, resourceType: 'seed', name: seed.name, seed }, []);
  }
  for (const m of Object.values(manifest.models)) {
    const deps = [...m.dependsOn.models, ...m.dependsOn.seeds].map((d) => idOf.get(d)!).filter(Boolean);
    dag.add(idOf.get(m.node.name)!, { uniqueId: idOf.get(m.node.name)!, resourceType: m.node.resourceType ?? 'model', name: m.node.name, model: m }, deps);
  }
  for (const t of planDataTests(manifest, [...Object.keys(manifest.models), ...Object.keys(project.seeds)], true)) {
    const parents: string[] = [];
    if (t.target.kind === 'model' && idOf.has(t.target.name)) parents.push(idOf.get(t.target.name)!);
    const spec = t.spec.test;
    if (spec.kind === 'relationships' && spec.to.kind === 'model' && idOf.has(spec.to.name)) parents.push(idOf.get(spec.to.name)!);
    if (spec.kind === 'generic') {
      // `compare_model: ref('x')` and the like: the test reads x too.
      for (const v of Object.values(spec.args)) {
        const ref = typeof v === 'string' ? parseRelationRef(v) : undefined;
        const id = ref?.kind === 'model' ? idOf.get(ref.name) : undefined;
        if (id !== undefined && !parents.includes(id)) parents.push(id);
      }
    }
    const id = `test.${testPackage(project, t)}.${t.id}`;
    dag.add(id, { uniqueId: id, resourceType: 'test', name: t.id, test: t, attachedTo: parents[0] }, parents);
  }
  for (const st of Object.values(project.singularTests)) {
    const parsed = parseSingularTest(manifest, st, idOf);
    // `{{ config(enabled=false) }}` in the file disables the test, as in dbt.
    if (parsed.enabled === false) continue;
    const parents = parsed.parents;
    const id = `test.${project.name}.${st.name}`;
    const test: PlannedTest = {
      id: st.name,
      target: { kind: 'model', name: parents[0]?.split('.').at(-1) ?? '' },
      column: undefined,
      spec: { test: { kind: 'singular', name: st.name, path: st.path, rawSql: st.rawSql }, severity: 'error', where: undefined, keyPath: '', file: st.path },
    };
    dag.add(id, { uniqueId: id, resourceType: 'test', name: st.name, test, attachedTo: undefined }, parents);
  }
  return { dag, idOf };
}

/**
 * What a singular test reads (the refs of its parse render, with `execute` false as dbt
 * parses) and whether its `config()` disables it. A file that does not render has no
 * parents here; running it reports the error.
 */
function parseSingularTest(manifest: Manifest, st: SingularTest, idOf: ReadonlyMap<string, string>): { parents: string[]; enabled: boolean } {
  try {
    const node = { name: st.name, path: st.path, relPath: st.relPath, config: {}, resourceType: 'test' as const };
    const r = manifest.renderer.render({ node, mode: 'parse', models: manifest.models, source: st.rawSql });
    const parents = [...new Set([...r.refs, ...r.seeds])].map((n) => idOf.get(n)).filter((x): x is string => x !== undefined);
    return { parents, enabled: r.testConfig['enabled'] !== false };
  } catch {
    return { parents: [], enabled: true };
  }
}

/** What selector methods see of a node. */
export function describeNode(manifest: Manifest): (node: GraphNode) => SelectableNode {
  const project = manifest.project;
  return (node) => {
    switch (node.resourceType) {
      case 'model':
      case 'snapshot':
        return {
          name: node.name,
          resourceType: node.resourceType,
          tags: node.model.tags,
          relPath: node.model.node.relPath,
          packageName: packageOf(project, node.model.node),
          config: { ...node.model.config, materialized: node.model.materialization.kind },
          sources: node.model.dependsOn.sources,
        };
      case 'seed':
        return { name: node.name, resourceType: 'seed', tags: node.seed.config.tags ?? [], relPath: node.seed.relPath, packageName: packageOf(project, node.seed), config: { ...node.seed.config, materialized: 'seed' }, sources: [] };
      case 'test': {
        const target = node.test.target;
        return {
          name: node.name,
          resourceType: 'test',
          tags: [],
          relPath: node.test.spec.file ? relativeTo(manifest.project.dir, node.test.spec.file) : '',
          packageName: testPackage(project, node.test),
          config: { severity: node.test.spec.severity, materialized: 'test' },
          sources: target.kind === 'source' ? [`${target.source}.${target.table}`] : [],
        };
      }
    }
  };
}

/** A yml test belongs to the package of the node it tests (dbt names it `test.<package>.…`). */
export function testPackage(project: Project, t: PlannedTest): string {
  const target = t.target;
  const node = target.kind === 'model' ? (project.models[target.name] ?? project.seeds[target.name]) : project.sources[`${target.source}.${target.table}`];
  return packageOf(project, node ?? {});
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

/**
 * The nodes a command acts on: `select` minus `exclude` over the whole graph, plus the
 * tests of selected models and seeds (dbt's eager indirect selection), restricted to
 * the command's resource types.
 */
export function selectForCommand(
  graph: InvocationGraph,
  manifest: Manifest,
  types: readonly ResourceType[],
  select: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): Set<string> {
  const describe = describeNode(manifest);
  const picked = selectNodes(graph.dag, describe, select, []);
  // selectNodes picks everything for no selectors, so an empty --exclude must not be passed to it.
  const explicitExclude = exclude && exclude.some((e) => e.trim() !== '') ? selectNodes(graph.dag, describe, exclude, []) : new Set<string>();
  // A selector that names resource types (`resource_type:model`) says which kinds it wants; no tests are added then.
  const indirect = !(select ?? []).some((s) => s.includes('resource_type:'));
  const out = new Set<string>();
  for (const key of graph.dag.keys()) {
    const node = graph.dag.get(key);
    const viaParent = indirect && node.resourceType === 'test' && graph.dag.depsOf(key).some((p) => picked.has(p));
    if ((picked.has(key) || viaParent) && !explicitExclude.has(key) && types.includes(node.resourceType)) out.add(key);
  }
  return out;
}
