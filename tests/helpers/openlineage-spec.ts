/**
 * Validates OpenLineage events against the spec's own JSON Schemas, read at test time
 * from `../shared/openlineage/spec` (beside the repository, or beside the main checkout
 * for a worktree) — never copied into the project. The core schema checks the event;
 * each facet it carries is then checked against the facet schema that defines it (the
 * core schema alone accepts any facet with `_producer` and `_schemaURL`).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from './workspace.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export function openLineageSpecDir(): string {
  const candidates = [join(REPO_ROOT, '..', 'shared', 'openlineage', 'spec')];
  const dotGit = join(REPO_ROOT, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    const gitdir = /^gitdir:\s*(.+)$/mu.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir) candidates.push(join(resolve(gitdir, '..', '..', '..'), '..', 'shared', 'openlineage', 'spec'));
  }
  const found = candidates.find((c) => existsSync(join(c, 'OpenLineage.json')));
  if (!found) throw new Error(`the OpenLineage spec is not at ${candidates.join(' or ')}`);
  return found;
}

export interface EventValidator {
  /** Problems of one event (empty: valid), facets included. */
  problems(event: unknown): string[];
}

export function openLineageValidator(): EventValidator {
  const dir = openLineageSpecDir();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const core = JSON.parse(readFileSync(join(dir, 'OpenLineage.json'), 'utf8')) as { $id: string };
  ajv.addSchema(core);
  const facetByKey = new Map<string, ValidateFunction>();
  for (const file of readdirSync(join(dir, 'facets')).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, 'facets', file), 'utf8')) as { $id: string; properties?: Record<string, unknown> };
    ajv.addSchema(schema);
    for (const key of Object.keys(schema.properties ?? {})) facetByKey.set(key, ajv.getSchema(schema.$id)!);
  }
  const runEvent = ajv.getSchema(`${core.$id}#/$defs/RunEvent`)!;
  const describe = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');
  return {
    problems(event) {
      const out: string[] = [];
      if (!runEvent(event)) out.push(`RunEvent: ${describe(runEvent)}`);
      const e = event as { run?: { facets?: object }; job?: { facets?: object }; inputs?: { facets?: object }[]; outputs?: { facets?: object }[] };
      const groups = [e.run?.facets, e.job?.facets, ...(e.inputs ?? []).map((d) => d.facets), ...(e.outputs ?? []).map((d) => d.facets)];
      for (const facets of groups) {
        for (const [key, value] of Object.entries(facets ?? {})) {
          const validate = facetByKey.get(key);
          if (!validate) out.push(`facet ${key}: no schema in the spec defines it`);
          else if (!validate({ [key]: value })) out.push(`facet ${key}: ${describe(validate)}`);
        }
      }
      return out;
    },
  };
}
