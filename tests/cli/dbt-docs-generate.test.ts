/** `tributary docs generate` (dbt's verb) through the compiled CLI: target/catalog.json from the warehouse, and a refreshed manifest. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopProjects } from '../engine/dbt-project-fixture.js';
import { CATALOG_V1_SCHEMA, MANIFEST_NODES_SCHEMA, artifactValidator } from '../helpers/dbt-artifact-schemas.js';
import { runCli } from '../helpers/workspace.js';

const shop = shopProjects();
const catalogShape = artifactValidator(CATALOG_V1_SCHEMA);
const manifestShape = artifactValidator(MANIFEST_NODES_SCHEMA);
// The seed declared as a source too, so the catalog's sources section has an entry.
const SOURCES = 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: raw_orders\n';
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('tributary docs generate', () => {
  it("describes every built relation (columns with type and position, row counts) in dbt's catalog v1 shape and refreshes the manifest", async () => {
    const dir = shop({ 'models/staging/sources.yml': SOURCES });
    const flags = ['--project-dir', dir, '--profiles-dir', dir];

    // Nothing built yet: the catalog is valid and empty, as dbt's is.
    const before = await runCli(['docs', 'generate', ...flags], { cwd: dir });
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    const empty = readJson(path.join(dir, 'target', 'catalog.json'));
    expect(catalogShape.problems(empty)).toEqual([]);
    expect(empty.nodes).toEqual({});

    expect((await runCli(['build', ...flags], { cwd: dir })).code).toBe(0);
    const r = await runCli(['docs', 'generate', ...flags], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Catalog written to .*target\/catalog\.json \(3 nodes, 1 source in the warehouse\)/);
    const catalog = readJson(path.join(dir, 'target', 'catalog.json'));
    expect(catalogShape.problems(catalog)).toEqual([]);
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(Object.keys(catalog.nodes).sort()).toEqual(['model.shop.customer_revenue', 'model.shop.stg_orders', 'seed.shop.raw_orders']);
    const revenue = catalog.nodes['model.shop.customer_revenue'];
    expect(revenue.metadata).toEqual({ type: 'BASE TABLE', schema: 'main', name: 'customer_revenue', database: 'shop', comment: null, owner: null });
    expect(Object.values(revenue.columns).map((c) => `${(c as { index: number }).index}:${(c as { name: string }).name}`)).toEqual([
      '1:customer_id',
      '2:amount_paid',
      '3:amount_refunded',
      '4:amount_pending',
    ]);
    expect(revenue.columns.customer_id.type).toBe('BIGINT');
    expect(revenue.stats.row_count.value).toBe(3);
    expect(revenue.stats.has_stats.value).toBe(true);
    expect(catalog.nodes['seed.shop.raw_orders'].stats.row_count.value).toBe(5);
    const view = catalog.nodes['model.shop.stg_orders'];
    expect(view.metadata.type).toBe('VIEW');
    expect(view.columns.amount.type).toBe('INTEGER');
    expect(view.stats).toEqual({ has_stats: expect.objectContaining({ value: false }) });
    expect(catalog.sources['source.shop.raw.raw_orders']).toMatchObject({ metadata: { type: 'BASE TABLE', name: 'raw_orders' }, unique_id: 'source.shop.raw.raw_orders' });

    const manifest = readJson(path.join(dir, 'target', 'manifest.json'));
    expect(manifestShape.problems(manifest)).toEqual([]);
    expect(manifest.metadata.invocation_id).toBe(catalog.metadata.invocation_id);
    expect(manifest.nodes['model.shop.customer_revenue'].compiled_code).toContain('as amount_pending');
  });

  it('--no-compile skips compiling; --format json names the catalog; outside a dbt project it exits 2', async () => {
    const dir = shop();
    const flags = ['--project-dir', dir, '--profiles-dir', dir];
    expect((await runCli(['seed', ...flags], { cwd: dir })).code).toBe(0);
    const r = await runCli(['docs', 'generate', ...flags, '--no-compile', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'docs generate', success: true, summary: { total: 0 } });
    expect(Object.keys(readJson(report.catalog).nodes)).toEqual(['seed.shop.raw_orders']);

    const outside = await runCli(['docs', 'generate', '--project-dir', path.join(dir, 'models'), '--profiles-dir', dir], { cwd: dir });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/no dbt_project\.yml here/);
    expect(outside.stderr).not.toMatch(/\n\s+at /);
  });
});
