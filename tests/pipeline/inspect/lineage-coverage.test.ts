/**
 * `tributary lineage --coverage`, as IT runs it: on the demo every published column is
 * traced (to API fields, the budget seed or the landing's own columns) or a constant;
 * on a small project of files with a deliberately untraceable column (a bare count(*))
 * that column is unresolved with its reason, and `--fail-under` turns it into exit 1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';
import { demoWorkspace } from '../../helpers/demo-workspace.js';

interface Coverage {
  summary: { total: number; resolved: number; constant: number; unresolved: number; percent: number; line: string };
  columns: { table: string; column: string; status: string; origins: { kind: string; name: string }[]; reason?: string; files: string[] }[];
}

let demo: TempDir;
let files: TempDir;
let demoConfig: string;
let filesConfig: string;

/** A files source and a two-model project whose mart counts rows without naming a column. */
function filesWorkspace(dir: TempDir): string {
  mkdirSync(join(dir.path, 'drops'));
  dir.file('drops/leads.csv', 'email,score\nann@leads.example,3\nbob@leads.example,5\n');
  mkdirSync(join(dir.path, 'proj', 'models'), { recursive: true });
  dir.file('proj/dbt_project.yml', "name: probe\nversion: '1.0.0'\nconfig-version: 2\nprofile: probe\nmodel-paths: ['models']\nmodels:\n  probe:\n    +materialized: table\n");
  dir.file('proj/models/_sources.yml', 'version: 2\nsources:\n  - name: agency\n    schema: raw\n    tables:\n      - name: leads\n        identifier: files_leads\n');
  dir.file(
    'proj/models/schema.yml',
    'version: 2\nmodels:\n  - name: lead_stats\n    config: { meta: { publish: true } }\n',
  );
  dir.file(
    'proj/models/lead_stats.sql',
    "select max(score) as best_score, count(*) as leads, 'agency' as channel from {{ source('agency', 'leads') }}\n",
  );
  return dir.file(
    'tributary.yml',
    'version: 1\nmodels: proj\nsources:\n  agency:\n    type: files\n    tables:\n      leads:\n        path: drops\n        columns: { email: string, score: integer }\n        primary_key: [email]\n        pii: { email: email }\n',
  );
}

beforeAll(async () => {
  demo = tempDir('tributary-coverage-');
  await demoWorkspace(join(demo.path, 'demo'));
  demoConfig = join(demo.path, 'demo', 'tributary.yml');
  files = tempDir('tributary-coverage-files-');
  filesConfig = filesWorkspace(files);
  const sync = await runCli(['sync', '--config', filesConfig]);
  expect(sync.code, sync.stderr + sync.stdout).toBe(0);
}, 120_000);
afterAll(() => {
  demo?.remove();
  files?.remove();
});

describe('tributary lineage --coverage on the demo', () => {
  it('traces every published column: 100 % with a summary line, and --fail-under 100 passes', async () => {
    const r = await runCli(['lineage', '--coverage', '--config', demoConfig, '--fail-under', '100']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lineage coverage 100\.0 %: \d+ published columns, \d+ resolved to API fields, seeds or landing columns, \d+ constant, 0 unresolved/);
    expect(r.stdout).toContain('customers.email');
  });

  it('names the API fields, the seed and the landing columns behind each column (--format json)', async () => {
    const r = await runCli(['lineage', '--coverage', '--config', demoConfig, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Coverage;
    expect(report.summary.unresolved).toBe(0);
    expect(report.summary.total).toBe(report.columns.length);
    expect(report.summary.total).toBeGreaterThan(100);
    const col = (table: string, column: string) => report.columns.find((c) => c.table === table && c.column === column)!;
    expect(col('customers', 'email').status).toBe('resolved');
    expect(col('customers', 'email').origins).toContainEqual({ kind: 'field', name: 'hubspot.contacts.properties.email' });
    expect(col('customers', 'email').files).toEqual(['analytics.duckdb']);
    expect(col('campaign_budget', 'planned_amount')).toMatchObject({ status: 'resolved', origins: [{ kind: 'seed', name: 'seed.campaign_budget_plan.planned_amount' }] });
    // Counted columns name what they count.
    expect(col('customers', 'identity_count').status).toBe('resolved');
    expect(col('campaign_funnel', 'leads').status).toBe('resolved');
    // A literal is nothing to trace, not a gap.
    expect(col('customer_journey', 'stage')).toMatchObject({ status: 'constant', reason: 'made of literals only' });
    expect(report.columns.filter((c) => c.status === 'resolved').every((c) => c.origins.length > 0)).toBe(true);
  });
});

describe('tributary lineage --coverage on a project with an untraceable column', () => {
  it('reports the bare count(*) unresolved with its reason, the literal constant, and fails under 100 %', async () => {
    const r = await runCli(['lineage', '--coverage', '--config', filesConfig, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Coverage;
    const byColumn = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    expect(byColumn.best_score).toMatchObject({ status: 'resolved', origins: [{ kind: 'field', name: 'files.leads.score' }] });
    expect(byColumn.leads).toMatchObject({ status: 'unresolved' });
    expect(byColumn.leads!.reason).toMatch(/counts or ranks rows without reading any column \(count\(\*\)/);
    expect(byColumn.channel).toMatchObject({ status: 'constant' });
    expect(report.summary).toMatchObject({ total: 3, resolved: 1, constant: 1, unresolved: 1 });

    const gate = await runCli(['lineage', '--coverage', '--config', filesConfig, '--fail-under', '90']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('lineage coverage 66.6 %');
    expect(gate.stderr).toContain('lineage coverage 66.6 % is below --fail-under 90 %');
    expect((await runCli(['lineage', '--coverage', '--config', filesConfig, '--fail-under', '60'])).code).toBe(0);
  });

  it('rejects a bad --fail-under and a column named with --coverage (exit 2)', async () => {
    const bad = await runCli(['lineage', '--coverage', '--config', filesConfig, '--fail-under', 'most']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-under must be a percentage from 0 to 100');
    const both = await runCli(['lineage', 'lead_stats.leads', '--coverage', '--config', filesConfig]);
    expect(both.code).toBe(2);
    expect(both.stderr).not.toMatch(/\n\s+at /);
  });
});
