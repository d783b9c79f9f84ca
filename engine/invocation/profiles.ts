/**
 * dbt-duckdb's profiles.yml: the profile dbt_project.yml names (`profile:`), its
 * `target:` (or `--target`), and that output's `type: duckdb`, `path`, `schema` and
 * `threads`. Values may use Jinja (`"{{ env_var('DUCKDB_PATH') }}"`), as in dbt.
 * Where profiles.yml is looked for follows dbt: `--profiles-dir`, then
 * `DBT_PROFILES_DIR`, then the current directory, then the project directory, then
 * `~/.dbt`. A relative `path:` is relative to the current directory, as dbt-duckdb
 * resolves it (DuckDB opens it from where dbt runs).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/index.js';
import { ProjectConfigError, ProjectErrors, zodIssuesToErrors } from '../errors.js';
import { renderYamlJinja } from '../jinja/yaml-render.js';
import { parseYaml } from '../project.js';

export interface DuckDBTarget {
  /** The target's name (`dev`, `duckdb`): `target.name` in templates. */
  readonly name: string;
  readonly profileName: string;
  /** The DuckDB file, absolute; `:memory:` for an in-memory database. */
  readonly path: string;
  /** Where nodes land unless configured otherwise (dbt-duckdb's default: main). */
  readonly schema: string;
  /** The catalog DuckDB names the database after (the file's base name). */
  readonly database: string;
  readonly threads: number;
  /** The profiles.yml the target came from. */
  readonly file: string;
}

export interface ResolveTargetOptions {
  readonly projectDir: string;
  /** The profile name from dbt_project.yml (`profile:`); `--profile` overrides it. */
  readonly profile: string | undefined;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

const outputSchema = z.looseObject({
  type: z.string(),
  path: z.string().min(1).optional(),
  schema: z.string().min(1).optional(),
  database: z.string().optional(),
  threads: z.union([z.number().int().positive(), z.string().regex(/^\d+$/u).transform(Number)]).optional(),
});

const profileSchema = z.looseObject({
  target: z.string().min(1).optional(),
  outputs: z.record(z.string(), z.unknown()),
});

/**
 * @throws ConfigError (exit 2) naming profiles.yml and what is wrong: no file, no such
 * profile or target, an adapter other than duckdb.
 */
export async function resolveTarget(options: ResolveTargetOptions): Promise<DuckDBTarget> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = await findProfiles(options, env, cwd);
  const profileName = options.profile;
  if (!profileName) throw new ConfigError(`dbt_project.yml in ${options.projectDir} names no profile (add profile: <name>)`);
  const doc = parseYaml(await fs.readFile(file, 'utf8'), file) as Record<string, unknown> | null;
  const raw = doc?.[profileName];
  if (raw === undefined) {
    const known = Object.keys(doc ?? {}).filter((k) => k !== 'config');
    throw new ProjectConfigError(file, undefined, `no profile named "${profileName}" (dbt_project.yml asks for it)`, {
      hint: known.length > 0 ? `profiles here: ${known.join(', ')}` : undefined,
    });
  }
  const profile = profileSchema.safeParse(raw);
  if (!profile.success) throw new ProjectErrors(zodIssuesToErrors(file, [profileName], profile.error));
  const targetName = options.target ?? profile.data.target ?? 'default';
  const rawOutput = profile.data.outputs[targetName];
  if (rawOutput === undefined) {
    throw new ProjectConfigError(file, `${profileName}.outputs`, `no target named "${targetName}"`, {
      hint: `targets: ${Object.keys(profile.data.outputs).join(', ')}`,
    });
  }
  const rendered = renderYamlJinja(rawOutput, file, { env, vars: options.vars ?? {}, target: { name: targetName } }, [profileName, 'outputs', targetName]);
  const output = outputSchema.safeParse(rendered);
  if (!output.success) throw new ProjectErrors(zodIssuesToErrors(file, [profileName, 'outputs', targetName], output.error));
  if (output.data.type !== 'duckdb') {
    throw new ProjectConfigError(file, `${profileName}.outputs.${targetName}.type`, `"${output.data.type}" is not supported: Tributary runs dbt projects on DuckDB (type: duckdb)`);
  }
  const dbPath = output.data.path ?? ':memory:';
  const absolute = dbPath === ':memory:' || dbPath.startsWith('md:') ? dbPath : path.resolve(cwd, dbPath);
  return {
    name: targetName,
    profileName,
    path: absolute,
    schema: output.data.schema ?? 'main',
    database: output.data.database ?? (absolute === ':memory:' ? 'memory' : path.basename(absolute).replace(/\.[^.]*$/u, '')),
    threads: output.data.threads ?? 1,
    file,
  };
}

async function findProfiles(options: ResolveTargetOptions, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<string> {
  const candidates: string[] = [];
  if (options.profilesDir) {
    const file = path.resolve(cwd, options.profilesDir, 'profiles.yml');
    if (!(await exists(file))) throw new ConfigError(`--profiles-dir ${options.profilesDir}: no profiles.yml there`);
    return file;
  }
  if (env['DBT_PROFILES_DIR']) candidates.push(path.resolve(cwd, env['DBT_PROFILES_DIR'], 'profiles.yml'));
  candidates.push(path.join(cwd, 'profiles.yml'), path.join(path.resolve(cwd, options.projectDir), 'profiles.yml'), path.join(os.homedir(), '.dbt', 'profiles.yml'));
  for (const c of candidates) if (await exists(c)) return c;
  throw new ConfigError(`no profiles.yml found (looked in ${[...new Set(candidates.map(path.dirname))].join(', ')})`, {
    hint: 'pass --profiles-dir <folder with profiles.yml>, or set DBT_PROFILES_DIR',
  });
}

async function exists(file: string): Promise<boolean> {
  return fs
    .stat(file)
    .then((s) => s.isFile())
    .catch(() => false);
}
