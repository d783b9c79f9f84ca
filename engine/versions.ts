/**
 * dbt's versioned models (`versions:` in a property file): each version is its own model
 * file (`dim_customers_v2.sql`, or the version's `defined_in`), `ref('dim_customers')`
 * means the latest version and `ref('dim_customers', v=1)` the one asked for.
 */
import type { Project } from './project.js';

/**
 * The model file `ref(name)` or `ref(name, v=…)` means when `name` is a versioned model
 * (the latest version without `v`); undefined when no version of that name exists.
 */
export function versionedModel(project: Pick<Project, 'models'>, name: string, v: string | undefined): { file: string | undefined; versions: string[] } | undefined {
  const versions = Object.values(project.models).filter((m) => m.version?.model === name);
  if (versions.length === 0) return undefined;
  const wanted = v ?? versions[0]!.version!.latest;
  const ids = versions.map((m) => m.version!.v).sort((a, b) => (Number.isNaN(Number(a)) || Number.isNaN(Number(b)) ? a.localeCompare(b) : Number(a) - Number(b)));
  return { file: versions.find((m) => m.version!.v === wanted)?.name, versions: ids };
}
