/**
 * Loads a dbt-style project folder: dbt_project.yml, the `.sql` models and `.yml`
 * property files under the model paths, CSV seeds and Jinja macro files. The result
 * is validated and deeply frozen: later stages read it, never change it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FolderConfigTree, mergeConfig, type ModelConfig } from './config.js';
import { DocIndex, docBlocksIn, type DocBlock } from './docs-blocks.js';
import { ProjectConfigError, ProjectErrors, zodIssuesToErrors } from './errors.js';
import { renderYamlJinja } from './jinja/yaml-render.js';
import { parsePropertyFile, type ColumnDoc, type ModelPatch, type ModelVersion, type SourceTable, type TestSpec } from './schema-yml.js';

export type { ColumnDoc, SourceTable, TestSpec } from './schema-yml.js';

export interface ModelNode {
  readonly name: string;
  /** Absolute path of the `.sql` file. */
  readonly path: string;
  /** Path relative to the project folder, with `/` separators (`models/staging/stg_contacts.sql`). */
  readonly relPath: string;
  readonly rawSql: string;
  /** dbt_project.yml folder config merged with the yml `config:`; `{{ config() }}` in the file is applied at parse. */
  readonly config: ModelConfig;
  readonly description: string | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly columns: readonly ColumnDoc[];
  /** Model-level tests (column tests live on the columns). */
  readonly tests: readonly TestSpec[];
  /** The yml file that documents the model, if any. */
  readonly patchPath: string | undefined;
  /** Set for a `{% snapshot %}` block of the snapshot paths: dbt's resource type `snapshot`. */
  readonly resourceType?: 'snapshot';
  /** Set for one version of a versioned model (schema.yml `versions:`); `ref(version.model)` finds it. */
  readonly version?: ModelVersion;
  /** Set for a node of an installed package (paths are then relative to the package folder); unset for the root project's. */
  readonly packageName?: string;
}

export interface SeedNode {
  readonly name: string;
  readonly path: string;
  readonly relPath: string;
  readonly config: ModelConfig;
  /** From a `seeds:` entry of a property file. */
  readonly description?: string | undefined;
  readonly columns?: readonly ColumnDoc[];
  readonly tests?: readonly TestSpec[];
  /** Set for a seed of an installed package. */
  readonly packageName?: string;
}

/** A singular test: a `.sql` file under the test paths (not `generic/`) returning failing rows. */
export interface SingularTest {
  readonly name: string;
  readonly path: string;
  readonly relPath: string;
  readonly rawSql: string;
}

export interface MacroFile {
  readonly path: string;
  /** Relative to the folder of the project or package the file belongs to. */
  readonly relPath: string;
  readonly source: string;
}

/** An installed package (`local:` in packages.yml, or a folder under dbt_packages/): its macros, vars and hooks (its models, seeds and sources join the root project's). */
export interface PackageProject {
  readonly name: string;
  readonly dir: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly macros: readonly MacroFile[];
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
}

/** A package as read from its dbt_project.yml, before its resources are loaded under the root project's configs. */
interface LoadedPackage extends PackageProject {
  readonly paths: ResourcePaths;
  readonly docPaths: readonly string[];
  readonly configs: { readonly models: unknown; readonly seeds: unknown; readonly snapshots: unknown };
  readonly file: string;
}

/** dbt_project.yml `dispatch:`: where `adapter.dispatch(name, namespace)` looks, in order. */
export interface DispatchRule {
  readonly macroNamespace: string;
  readonly searchOrder: readonly string[];
}

export interface LoadProjectOptions {
  /** What `target` is while dbt_project.yml's Jinja is rendered (`+materialized: "{{ 'table' if target.name == 'prod' else 'view' }}"`). */
  readonly target?: Readonly<Record<string, unknown>>;
  /** `--vars`, seen by `var()` in dbt_project.yml. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Project {
  /** Absolute project folder. */
  readonly dir: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly macroPaths: readonly string[];
  /** Absolute target folder (compiled SQL goes to `<targetPath>/compiled`). */
  readonly targetPath: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly models: Readonly<Record<string, ModelNode>>;
  /** Keyed `source.table`. */
  readonly sources: Readonly<Record<string, SourceTable>>;
  readonly seeds: Readonly<Record<string, SeedNode>>;
  /** Singular tests of the project's test paths, by name. */
  readonly singularTests: Readonly<Record<string, SingularTest>>;
  /** The project's own macros, generic tests included (`tests/generic/`). */
  readonly macros: readonly MacroFile[];
  /** Installed packages, in the order packages.yml lists them. */
  readonly packages: readonly PackageProject[];
  readonly dispatch: readonly DispatchRule[];
  /** The profile dbt_project.yml names (profiles.yml is read by the invocation, not here). */
  readonly profile: string | undefined;
  /** dbt_project.yml's `on-run-start` / `on-run-end`: SQL (unrendered Jinja) the dbt verbs run before and after the nodes. */
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** Things dbt would warn about: config paths that match nothing, yml entries for missing models. */
  readonly warnings: readonly string[];
}

// A hook is one SQL string or a list of them, as dbt takes it; an empty key is no hooks.
const runHooksSchema = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (v === null || v === undefined ? [] : typeof v === 'string' ? [v] : v));

const projectFileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and underscores'),
  version: z.union([z.string(), z.number()]).transform(String).optional(),
  'config-version': z.number().optional(),
  profile: z.string().optional(),
  'model-paths': z.array(z.string().min(1)).default(['models']),
  'seed-paths': z.array(z.string().min(1)).default(['seeds']),
  'macro-paths': z.array(z.string().min(1)).default(['macros']),
  'target-path': z.string().min(1).default('target'),
  vars: z.record(z.string(), z.unknown()).nullish(),
  models: z.record(z.string(), z.unknown()).nullish(),
  seeds: z.record(z.string(), z.unknown()).nullish(),
  // Accepted so a dbt project loads; not used by this engine.
  'test-paths': z.array(z.string()).optional(),
  'analysis-paths': z.array(z.string()).optional(),
  'snapshot-paths': z.array(z.string().min(1)).default(['snapshots']),
  'docs-paths': z.array(z.string()).optional(),
  'clean-targets': z.array(z.string()).optional(),
  'require-dbt-version': z.unknown().optional(),
  'packages-install-path': z.string().optional(),
  dispatch: z.array(z.strictObject({ macro_namespace: z.string(), search_order: z.array(z.string()) })).optional(),
  'data-paths': z.array(z.string()).optional(),
  'on-run-start': runHooksSchema,
  'on-run-end': runHooksSchema,
  'quoting': z.unknown().optional(),
  'flags': z.unknown().optional(),
  tests: z.unknown().optional(),
  data_tests: z.unknown().optional(),
  sources: z.unknown().optional(),
  snapshots: z.record(z.string(), z.unknown()).nullish(),
});

export const PROJECT_FILE = 'dbt_project.yml';

/**
 * @example
 * ```ts
 * const project = await loadProject('dbt-like-models');
 * Object.keys(project.models);   // ['campaigns', 'customers', 'stg_hubspot__contacts', …]
 * ```
 * @throws ProjectConfigError / ProjectErrors naming the file and key path of each problem.
 */
export async function loadProject(dir: string, options: LoadProjectOptions = {}): Promise<Project> {
  const root = path.resolve(dir);
  const projectFile = path.join(root, PROJECT_FILE);
  const text = await fs.readFile(projectFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ProjectConfigError(projectFile, undefined, err.code === 'ENOENT' ? 'no project file here' : err.message);
  });
  const parsed = projectFileSchema.safeParse(renderYamlJinja(parseYaml(text, projectFile) ?? {}, projectFile, options));
  if (!parsed.success) throw new ProjectErrors(zodIssuesToErrors(projectFile, [], parsed.error));
  const cfg = parsed.data;

  const errors: ProjectConfigError[] = [];
  const warnings: string[] = [];
  const collect = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ProjectErrors) errors.push(...err.errors);
      else if (err instanceof ProjectConfigError) errors.push(err);
      else throw err;
      return fallback;
    }
  };

  const modelTree = collect(() => FolderConfigTree.parse(cfg.models?.[cfg.name], projectFile, ['models', cfg.name]), FolderConfigTree.parse({}, projectFile, []));
  const seedTree = collect(() => FolderConfigTree.parse(cfg.seeds?.[cfg.name], projectFile, ['seeds', cfg.name]), FolderConfigTree.parse({}, projectFile, []));
  const snapshotTree = collect(() => FolderConfigTree.parse(cfg.snapshots?.[cfg.name], projectFile, ['snapshots', cfg.name]), FolderConfigTree.parse({}, projectFile, []));

  const problems: Problems = { errors, warnings, collect };
  const rootTrees: ResourceTrees = { models: modelTree, seeds: seedTree, snapshots: snapshotTree };
  const rootPaths: ResourcePaths = { model: cfg['model-paths'], seed: cfg['seed-paths'], snapshot: cfg['snapshot-paths'] };
  const { models: finalModels, seeds, sources } = await loadResources(root, rootPaths, rootTrees, undefined, problems);
  warnings.push(...modelTree.unusedPaths().map((p) => `${PROJECT_FILE}: ${p}: matches no model`));
  warnings.push(...snapshotTree.unusedPaths().map((p) => `${PROJECT_FILE}: ${p}: matches no snapshot`));

  // Singular tests: every .sql file under the test paths except the generic tests' folder.
  const singularTests: Record<string, SingularTest> = {};
  for (const testPath of cfg['test-paths'] ?? ['tests']) {
    const base = path.resolve(root, testPath);
    for (const file of (await listFiles(base)).filter((f) => f.endsWith('.sql') && !toPosix(path.relative(base, f)).startsWith('generic/'))) {
      const name = path.basename(file, '.sql');
      if (singularTests[name]) {
        errors.push(new ProjectConfigError(file, undefined, `test name "${name}" is already used by ${singularTests[name].relPath}; test names must be unique`));
        continue;
      }
      singularTests[name] = { name, path: file, relPath: toPosix(path.relative(root, file)), rawSql: await fs.readFile(file, 'utf8') };
    }
  }

  const macros = await macroFiles(root, cfg['macro-paths'], cfg['test-paths'] ?? ['tests']);
  let loadedPackages: LoadedPackage[] = [];
  try {
    loadedPackages = await loadPackages(root, cfg['packages-install-path'] ?? 'dbt_packages', options);
  } catch (err) {
    collect(() => {
      throw err;
    }, undefined);
  }
  for (const key of ['models', 'seeds', 'snapshots'] as const) {
    for (const other of Object.keys(cfg[key] ?? {})) {
      if (other !== cfg.name && !loadedPackages.some((p) => p.name === other)) warnings.push(`${PROJECT_FILE}: ${key}.${other}: no project or package named "${other}"; ignored`);
    }
  }
  // A package's models, snapshots, seeds and sources are nodes of this project, configured by
  // the package's dbt_project.yml and then by this project's `models: <package>:` block (dbt's precedence).
  for (const pkg of loadedPackages) {
    const tree = (value: unknown, file: string, keyPath: string[]) => collect(() => FolderConfigTree.parse(value, file, keyPath), FolderConfigTree.parse({}, file, []));
    const trees: ResourceTrees = {
      models: layered(tree(pkg.configs.models, pkg.file, ['models', pkg.name]), tree(cfg.models?.[pkg.name], projectFile, ['models', pkg.name])),
      seeds: layered(tree(pkg.configs.seeds, pkg.file, ['seeds', pkg.name]), tree(cfg.seeds?.[pkg.name], projectFile, ['seeds', pkg.name])),
      snapshots: layered(tree(pkg.configs.snapshots, pkg.file, ['snapshots', pkg.name]), tree(cfg.snapshots?.[pkg.name], projectFile, ['snapshots', pkg.name])),
    };
    const found = await loadResources(pkg.dir, pkg.paths, trees, pkg.name, problems);
    const owner = (n: { packageName?: string | undefined }) => n.packageName ?? cfg.name;
    for (const [name, node] of Object.entries(found.models)) {
      const clash = finalModels[name] ?? seeds[name];
      if (clash) errors.push(new ProjectConfigError(node.path, undefined, `model "${name}" of package ${pkg.name} has the name of a node of ${owner(clash)} (${clash.relPath})`, { hint: 'Tributary needs node names unique across the project and its packages: disable one (`+enabled: false` under models: in dbt_project.yml)' }));
      else finalModels[name] = node;
    }
    for (const [name, seed] of Object.entries(found.seeds)) {
      const clash = finalModels[name] ?? seeds[name];
      if (clash) errors.push(new ProjectConfigError(seed.path, undefined, `seed "${name}" of package ${pkg.name} has the name of a node of ${owner(clash)} (${clash.relPath})`, { hint: 'Tributary needs node names unique across the project and its packages' }));
      else seeds[name] = seed;
    }
    for (const [key, table] of found.sources) {
      const clash = sources.get(key);
      if (clash) errors.push(new ProjectConfigError(table.file, 'sources', `source table ${key} is also defined in ${clash.file}`));
      else sources.set(key, table);
    }
  }
  // Docs blocks, then the `{{ doc() }}` calls of every description (dbt's docs-paths default: all resource paths).
  const blocks = await docBlocksUnder(root, cfg['docs-paths'] ?? [...cfg['model-paths'], ...cfg['seed-paths'], ...cfg['snapshot-paths'], ...cfg['macro-paths']], cfg.name);
  for (const pkg of loadedPackages) blocks.push(...(await docBlocksUnder(pkg.dir, pkg.docPaths, pkg.name)));
  const docs = new DocIndex(cfg.name, blocks);
  errors.push(...docs.errors);
  const resolveDoc = (text: string | undefined, node: { readonly packageName?: string | undefined }, file: string) =>
    collect(() => docs.resolve(text, node.packageName ?? cfg.name, file), text);
  const withDocs = <T extends { readonly description?: string | undefined; readonly columns?: readonly ColumnDoc[] | undefined; readonly packageName?: string | undefined }>(node: T, file: string): T => ({
    ...node,
    description: resolveDoc(node.description, node, file),
    ...(node.columns ? { columns: node.columns.map((c) => ({ ...c, description: resolveDoc(c.description, node, file) })) } : {}),
  });
  for (const [name, m] of Object.entries(finalModels)) finalModels[name] = withDocs(m, m.patchPath ?? m.path);
  for (const [name, s] of Object.entries(seeds)) seeds[name] = withDocs(s, s.path);
  for (const [key, t] of sources) sources.set(key, withDocs(t, t.file));
  const packages: PackageProject[] = loadedPackages.map((p) => ({ name: p.name, dir: p.dir, vars: p.vars, macros: p.macros, onRunStart: p.onRunStart, onRunEnd: p.onRunEnd }));

  errors.push(...unknownGenericTests(cfg.name, macros, packages, finalModels, [...sources.values()]));
  if (errors.length > 0) throw new ProjectErrors(errors);
  return deepFreeze({
    dir: root,
    name: cfg.name,
    version: cfg.version,
    modelPaths: cfg['model-paths'],
    seedPaths: cfg['seed-paths'],
    macroPaths: cfg['macro-paths'],
    targetPath: path.resolve(root, cfg['target-path']),
    vars: cfg.vars ?? {},
    models: finalModels,
    sources: Object.fromEntries([...sources].sort(([a], [b]) => a.localeCompare(b))),
    seeds,
    singularTests,
    macros,
    packages,
    dispatch: (cfg.dispatch ?? []).map((d) => ({ macroNamespace: d.macro_namespace, searchOrder: d.search_order })),
    profile: cfg.profile,
    onRunStart: cfg['on-run-start'],
    onRunEnd: cfg['on-run-end'],
    warnings,
  });
}

/** Where a project or package keeps its resources (dbt_project.yml's `*-paths`). */
interface ResourcePaths {
  readonly model: readonly string[];
  readonly seed: readonly string[];
  readonly snapshot: readonly string[];
}

/** The folder configs that apply to a project's resources: its own dbt_project.yml, and for a package the root project's block over them. */
interface ResourceTrees {
  readonly models: ConfigSource;
  readonly seeds: ConfigSource;
  readonly snapshots: ConfigSource;
}

interface ConfigSource {
  configFor(segments: readonly string[]): ModelConfig;
}

/** `over` wins key by key over `base`: the root project's `models: <package>:` block over the package's own. */
function layered(base: ConfigSource, over: ConfigSource): ConfigSource {
  return { configFor: (segments) => mergeConfig(base.configFor(segments), over.configFor(segments)) };
}

interface Problems {
  readonly errors: ProjectConfigError[];
  readonly warnings: string[];
  collect<T>(fn: () => T, fallback: T): T;
}

interface Resources {
  readonly models: Record<string, ModelNode>;
  readonly seeds: Record<string, SeedNode>;
  readonly sources: Map<string, SourceTable>;
}

/**
 * The models, snapshots, seeds and sources of one project folder (the root, or an
 * installed package: then every node carries `packageName` and paths are relative to the package).
 */
async function loadResources(root: string, paths: ResourcePaths, trees: ResourceTrees, packageName: string | undefined, problems: Problems): Promise<Resources> {
  const { errors, warnings, collect } = problems;
  const owner = packageName === undefined ? {} : { packageName };
  // Models and property files.
  const models = new Map<string, Omit<ModelNode, 'description' | 'meta' | 'columns' | 'tests' | 'patchPath'> & { segments: string[] }>();
  const patches: ModelPatch[] = [];
  const seedPatches: ModelPatch[] = [];
  const sources = new Map<string, SourceTable>();
  for (const modelPath of paths.model) {
    const base = path.resolve(root, modelPath);
    for (const file of await listFiles(base)) {
      const rel = toPosix(path.relative(root, file));
      if (file.endsWith('.sql')) {
        const name = path.basename(file, '.sql');
        const existing = models.get(name);
        if (existing) {
          errors.push(new ProjectConfigError(file, undefined, `model name "${name}" is already used by ${existing.relPath}; model names must be unique`));
          continue;
        }
        const segments = [...toPosix(path.relative(base, path.dirname(file))).split('/').filter((s) => s !== '' && s !== '.'), name];
        models.set(name, { name, path: file, relPath: rel, rawSql: await fs.readFile(file, 'utf8'), config: {}, segments, ...owner });
      } else if (/\.ya?ml$/.test(file)) {
        const yamlText = await fs.readFile(file, 'utf8');
        const doc = collect(() => parseYaml(yamlText, file), undefined);
        const { result, errors: fileErrors } = parsePropertyFile(doc, file);
        errors.push(...fileErrors);
        patches.push(...result.models);
        seedPatches.push(...result.seeds);
        for (const s of result.sources) {
          const key = `${s.source}.${s.name}`;
          const dup = sources.get(key);
          if (dup) errors.push(new ProjectConfigError(file, `sources`, `source table ${key} is also defined in ${dup.file}`));
          else sources.set(key, { ...s, ...owner });
        }
      }
    }
  }

  // Property files beside the seeds can describe seeds too (dbt reads them from every resource path).
  for (const seedPath of paths.seed) {
    for (const file of (await listFiles(path.resolve(root, seedPath))).filter((f) => /\.ya?ml$/.test(f))) {
      const yamlText = await fs.readFile(file, 'utf8');
      const doc = collect(() => parseYaml(yamlText, file), undefined);
      const { result, errors: fileErrors } = parsePropertyFile(doc, file);
      errors.push(...fileErrors);
      patches.push(...result.models);
      seedPatches.push(...result.seeds);
    }
  }

  // Snapshots: `{% snapshot name %}…{% endsnapshot %}` blocks, one or more per .sql file of the snapshot paths.
  for (const snapshotPath of paths.snapshot) {
    const base = path.resolve(root, snapshotPath);
    for (const file of await listFiles(base)) {
      if (/\.ya?ml$/.test(file)) {
        const yamlText = await fs.readFile(file, 'utf8');
        const doc = collect(() => parseYaml(yamlText, file), undefined);
        const { result, errors: fileErrors } = parsePropertyFile(doc, file);
        errors.push(...fileErrors);
        patches.push(...result.models);
        continue;
      }
      if (!file.endsWith('.sql')) continue;
      const rel = toPosix(path.relative(root, file));
      const folder = toPosix(path.relative(base, path.dirname(file))).split('/').filter((s) => s !== '' && s !== '.');
      for (const block of snapshotBlocks(await fs.readFile(file, 'utf8'))) {
        const existing = models.get(block.name);
        if (existing) {
          errors.push(new ProjectConfigError(file, undefined, `snapshot name "${block.name}" is already used by ${existing.relPath}; names must be unique`));
          continue;
        }
        const segments = [...folder, block.name];
        models.set(block.name, { name: block.name, path: file, relPath: rel, rawSql: block.body, config: mergeConfig({ materialized: 'snapshot' }, trees.snapshots.configFor(segments)), segments, resourceType: 'snapshot', ...owner });
      }
    }
  }

  // Apply yml patches.
  const patchByName = new Map<string, ModelPatch>();
  for (const patch of patches) {
    const dup = patchByName.get(patch.name);
    if (dup) {
      errors.push(new ProjectConfigError(patch.file, patch.keyPath, `model "${patch.name}" is also documented in ${dup.file}`));
      continue;
    }
    patchByName.set(patch.name, patch);
    if (!models.has(patch.name)) warnings.push(`${patch.file}: ${patch.keyPath}: no model file named ${patch.name}.sql; entry ignored`);
  }
  const finalModels: Record<string, ModelNode> = {};
  for (const name of [...models.keys()].sort()) {
    const m = models.get(name)!;
    const patch = patchByName.get(name);
    const config = mergeConfig(m.resourceType === 'snapshot' ? m.config : trees.models.configFor(m.segments), patch?.config ?? {});
    if (config.enabled === false) continue;
    finalModels[name] = {
      name,
      path: m.path,
      relPath: m.relPath,
      rawSql: m.rawSql,
      config,
      description: patch?.description,
      meta: patch?.meta ?? {},
      columns: patch?.columns ?? [],
      tests: patch?.tests ?? [],
      patchPath: patch?.file,
      ...(m.resourceType ? { resourceType: m.resourceType } : {}),
      ...(patch?.version ? { version: patch.version } : {}),
      ...owner,
    };
  }

  // Seeds: CSV files; the table is named after the file.
  const seeds: Record<string, SeedNode> = {};
  for (const seedPath of paths.seed) {
    const base = path.resolve(root, seedPath);
    for (const file of (await listFiles(base)).filter((f) => f.endsWith('.csv'))) {
      const name = path.basename(file, '.csv');
      if (seeds[name] || finalModels[name]) {
        errors.push(new ProjectConfigError(file, undefined, `seed name "${name}" is already used by a model or seed`));
        continue;
      }
      const segments = [...toPosix(path.relative(base, path.dirname(file))).split('/').filter((s) => s !== '' && s !== '.'), name];
      seeds[name] = { name, path: file, relPath: toPosix(path.relative(root, file)), config: trees.seeds.configFor(segments), ...owner };
    }
  }
  for (const patch of seedPatches) {
    const seed = seeds[patch.name];
    if (!seed) {
      warnings.push(`${patch.file}: ${patch.keyPath}: no seed file named ${patch.name}.csv; entry ignored`);
      continue;
    }
    seeds[patch.name] = { ...seed, config: mergeConfig(seed.config, patch.config), description: patch.description, columns: patch.columns, tests: patch.tests };
  }

  return { models: finalModels, seeds, sources };
}

/** An error for each yml test that names no built-in test and no `test_<name>` macro. */
function unknownGenericTests(
  rootName: string,
  macros: readonly MacroFile[],
  packages: readonly PackageProject[],
  models: Record<string, ModelNode>,
  sources: readonly SourceTable[],
): ProjectConfigError[] {
  const namesIn = (files: readonly MacroFile[]) =>
    new Set(files.flatMap((f) => [...f.source.matchAll(/\{%-?\s*(?:test\s+|macro\s+test_)([A-Za-z_][A-Za-z0-9_]*)/gu)].map((m) => m[1]!)));
  const byPackage = new Map<string, Set<string>>([[rootName, namesIn(macros)], ...packages.map((p) => [p.name, namesIn(p.macros)] as const)]);
  const everywhere = new Set([...byPackage.values()].flatMap((s) => [...s]));
  const specs = [
    ...Object.values(models).flatMap((m) => [...m.tests, ...m.columns.flatMap((c) => c.tests)]),
    ...sources.flatMap((s) => [...s.tests, ...s.columns.flatMap((c) => c.tests)]),
  ];
  return specs.flatMap((spec) => {
    const t = spec.test;
    if (t.kind !== 'generic') return [];
    const found = t.package === undefined ? everywhere.has(t.name) : byPackage.get(t.package)?.has(t.name);
    if (found) return [];
    const shown = t.package === undefined ? t.name : `${t.package}.${t.name}`;
    return [
      new ProjectConfigError(spec.file ?? PROJECT_FILE, spec.keyPath, `unknown test "${shown}"`, {
        hint: `built in: unique, not_null, accepted_values, relationships; others need a {% test ${t.name}(model, …) %} macro in the project or a package`,
      }),
    ];
  });
}

/** The docs blocks of the `.md` files under `paths` of a project or package folder. */
async function docBlocksUnder(dir: string, paths: readonly string[], packageName: string): Promise<DocBlock[]> {
  const out: DocBlock[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    for (const file of (await listFiles(path.resolve(dir, p))).filter((f) => f.endsWith('.md'))) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.push(...docBlocksIn(await fs.readFile(file, 'utf8'), file, packageName));
    }
  }
  return out;
}

/** Macro files under the macro paths, and generic tests under `<test path>/generic`, as dbt finds them. */
async function macroFiles(root: string, macroPaths: readonly string[], testPaths: readonly string[]): Promise<MacroFile[]> {
  const out: MacroFile[] = [];
  const dirs = [...macroPaths.map((p) => path.resolve(root, p)), ...testPaths.map((p) => path.resolve(root, p, 'generic'))];
  for (const dir of dirs) {
    for (const file of (await listFiles(dir)).filter((f) => f.endsWith('.sql'))) {
      out.push({ path: file, relPath: toPosix(path.relative(root, file)), source: await fs.readFile(file, 'utf8') });
    }
  }
  return out;
}

const packageFileSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and underscores'),
  'macro-paths': z.array(z.string().min(1)).default(['macros']),
  'test-paths': z.array(z.string().min(1)).default(['tests']),
  'model-paths': z.array(z.string().min(1)).default(['models']),
  'seed-paths': z.array(z.string().min(1)).default(['seeds']),
  'snapshot-paths': z.array(z.string().min(1)).default(['snapshots']),
  'docs-paths': z.array(z.string().min(1)).optional(),
  vars: z.record(z.string(), z.unknown()).nullish(),
  models: z.record(z.string(), z.unknown()).nullish(),
  seeds: z.record(z.string(), z.unknown()).nullish(),
  snapshots: z.record(z.string(), z.unknown()).nullish(),
  'on-run-start': runHooksSchema,
  'on-run-end': runHooksSchema,
});

const packagesYmlSchema = z.looseObject({
  packages: z.array(z.looseObject({ local: z.string().optional(), package: z.string().optional(), git: z.string().optional() })).nullish(),
});

/**
 * The packages a project uses: each `local:` entry of packages.yml (or dependencies.yml),
 * and every package `dbt deps` installed under dbt_packages/. Tributary does not fetch
 * packages, so a hub or git entry with nothing installed is an error naming packages.yml.
 */
async function loadPackages(root: string, installPath: string, options: LoadProjectOptions): Promise<LoadedPackage[]> {
  let listFile: string | undefined;
  let entries: z.output<typeof packagesYmlSchema>['packages'] = [];
  for (const name of ['packages.yml', 'dependencies.yml']) {
    const file = path.join(root, name);
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const parsed = packagesYmlSchema.safeParse(parseYaml(text, file) ?? {});
    if (!parsed.success) throw new ProjectErrors(zodIssuesToErrors(file, [], parsed.error));
    listFile = file;
    entries = parsed.data.packages ?? [];
    break;
  }
  const byDir = new Map<string, LoadedPackage>();
  const load = async (dir: string, keyPath: string): Promise<LoadedPackage> => {
    const existing = byDir.get(await fs.realpath(dir).catch(() => dir));
    if (existing) return existing;
    const pkg = await loadPackage(dir, listFile ?? path.join(root, 'packages.yml'), keyPath, options);
    byDir.set(await fs.realpath(dir).catch(() => dir), pkg);
    return pkg;
  };
  const out: LoadedPackage[] = [];
  const add = (p: LoadedPackage) => {
    if (!out.includes(p)) out.push(p);
  };
  const installed: LoadedPackage[] = [];
  const installDir = path.resolve(root, installPath);
  const installedDirs = await fs.readdir(installDir, { withFileTypes: true }).catch(() => []);
  for (const e of installedDirs.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || !(e.isDirectory() || e.isSymbolicLink())) continue;
    const dir = path.join(installDir, e.name);
    if (await fs.stat(path.join(dir, PROJECT_FILE)).catch(() => undefined)) installed.push(await load(dir, `${installPath}/${e.name}`));
  }
  const errors: ProjectConfigError[] = [];
  for (const [i, entry] of (entries ?? []).entries()) {
    const keyPath = `packages[${i}]`;
    if (entry.local !== undefined) {
      const dir = path.resolve(root, entry.local);
      if (!(await fs.stat(path.join(dir, PROJECT_FILE)).catch(() => undefined))) {
        errors.push(new ProjectConfigError(listFile!, keyPath, `local package "${entry.local}": no ${PROJECT_FILE} in ${dir}`));
        continue;
      }
      add(await load(dir, keyPath));
      continue;
    }
    const spec = entry.package ?? entry.git;
    if (spec === undefined) {
      errors.push(new ProjectConfigError(listFile!, keyPath, 'expected one of local:, package: or git:'));
      continue;
    }
    const guess = (spec.split('/').at(-1) ?? spec).replace(/\.git$/u, '');
    const found = installed.find((p) => p.name === guess || p.name === guess.replaceAll('-', '_') || path.basename(p.dir) === guess);
    if (!found) {
      errors.push(
        new ProjectConfigError(listFile!, keyPath, `package "${spec}" is not installed (nothing for it under ${installPath}/)`, {
          hint: 'Tributary does not download packages: run `dbt deps` once, or point a `local:` entry at a checkout',
        }),
      );
      continue;
    }
    add(found);
  }
  if (errors.length > 0) throw new ProjectErrors(errors);
  for (const p of installed) add(p);
  return out;
}

async function loadPackage(dir: string, listFile: string, keyPath: string, options: LoadProjectOptions): Promise<LoadedPackage> {
  const file = path.join(dir, PROJECT_FILE);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ProjectConfigError(listFile, keyPath, `cannot read ${file}: ${err.message}`);
  });
  // A package's dbt_project.yml holds Jinja as the root's can (`+schema: "{{ var('x', 'y') }}"`).
  const parsed = packageFileSchema.safeParse(renderYamlJinja(parseYaml(text, file) ?? {}, file, options));
  if (!parsed.success) throw new ProjectErrors(zodIssuesToErrors(file, [], parsed.error));
  const cfg = parsed.data;
  return {
    name: cfg.name,
    dir,
    file,
    vars: cfg.vars ?? {},
    macros: await macroFiles(dir, cfg['macro-paths'], cfg['test-paths']),
    onRunStart: cfg['on-run-start'],
    onRunEnd: cfg['on-run-end'],
    paths: { model: cfg['model-paths'], seed: cfg['seed-paths'], snapshot: cfg['snapshot-paths'] },
    docPaths: cfg['docs-paths'] ?? [...cfg['model-paths'], ...cfg['seed-paths'], ...cfg['snapshot-paths'], ...cfg['macro-paths']],
    configs: { models: cfg.models?.[cfg.name], seeds: cfg.seeds?.[cfg.name], snapshots: cfg.snapshots?.[cfg.name] },
  };
}

/** The project or package a node belongs to: its `packageName`, or the root project's name. */
export function packageOf(project: Pick<Project, 'name'>, node: { readonly packageName?: string | undefined }): string {
  return node.packageName ?? project.name;
}

/** The folder of the project or package a node belongs to (its `relPath` is relative to it). */
export function packageDirOf(project: Pick<Project, 'dir' | 'packages'>, node: { readonly packageName?: string | undefined }): string {
  return (node.packageName !== undefined ? project.packages.find((p) => p.name === node.packageName)?.dir : undefined) ?? project.dir;
}

/** YAML text to a plain value; syntax errors name the file, line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : undefined;
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/u, '');
    throw new ProjectConfigError(file, where, `invalid YAML: ${reason}`);
  }
  return doc.toJS();
}

/** Every file under `dir`, recursively, sorted; hidden entries skipped; a missing folder is empty. */
/**
 * The `{% snapshot name %}` blocks of a file: each block's body is the snapshot's query
 * (with its `config()` call), rendered like a model's. Text outside blocks is ignored, as dbt does.
 */
export function snapshotBlocks(text: string): { name: string; body: string }[] {
  const block = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/gu;
  return [...text.matchAll(block)].map((m) => ({ name: m[1]!, body: m[2]! }));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

