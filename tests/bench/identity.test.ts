import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIdentityBench, splitCacheDir } from '../../bench/identity.js';

// Shape and sanity only, at toy size: no assertion compares one time with another.
describe('bench/identity', () => {
  it('builds the identity models over the landed population and scores them against the truth', async () => {
    const lines: string[] = [];
    const result = await runIdentityBench({ records: 1500, progress: (l) => lines.push(l) });

    expect(result.bench).toBe('identity');
    expect(result.params).toMatchObject({ records: 1500, repeat: 1, seed: 42, fromCache: false });
    expect(lines.some((l) => l.includes('int_identity__components'))).toBe(true);

    // Every truth entry is one identity node; every identity source landed rows.
    const truthTotal = Object.values(result.params.truthIdentities).reduce((a, b) => a + b, 0);
    expect(result.ours.identities).toBe(truthTotal);
    expect(result.ours.identities).toBeGreaterThanOrEqual(1500);
    for (const table of ['hubspot_contacts', 'mailchimp_members', 'mailchimp_email_activity', 'web_events']) {
      expect(result.params.rawRows[table]).toBeGreaterThan(0);
    }

    expect(Object.keys(result.ours.models)).toEqual(
      expect.arrayContaining(['int_identity__nodes', 'int_identity__edges', 'int_identity__components', 'customers', 'customer_identities']),
    );
    for (const { ms } of Object.values(result.ours.models)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(result.ours.ms).toBeGreaterThan(0);

    // The resolver is good on the generator's data; the bench must not have scored nothing.
    expect(result.quality.scoredRecords).toBeGreaterThan(0);
    expect(result.quality.precision).toBeGreaterThan(0.9);
    expect(result.quality.recall).toBeGreaterThan(0.9);

    // The union-find baseline finds the same components as the SQL model.
    expect(result.baseline.unionFind.agreesWithSql).toBe(true);
    expect(result.baseline.unionFind.edges).toBe(result.ours.models.int_identity__edges?.rows);
    expect(result.baseline.scanGroup.groups).toBeGreaterThan(0);
    expect(result.phone.phones).toBeGreaterThan(0);
    for (const v of [result.ratios.componentsVsUnionFind, result.ratios.oursVsScanGroup]) expect(v).toBeGreaterThan(0);
    expect(typeof result.meetsTarget).toBe('boolean');
    expect(result.meetsTarget).toBe(false); // 1500 records is not the target's million
    expect(result.memory.peakRssKiBEnd).toBeGreaterThanOrEqual(result.memory.peakRssKiBAfterPrepare);
  }, 60_000);

  it('reuses the landed data and truth from --cache-dir, with the same result', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-identity-cache-test-'));
    try {
      const quiet = () => {};
      const first = await runIdentityBench({ records: 600, cacheDir, progress: quiet });
      const second = await runIdentityBench({ records: 600, cacheDir, progress: quiet });
      expect(first.params.fromCache).toBe(false);
      expect(second.params.fromCache).toBe(true);
      expect(second.params.generateMs).toBeNull();
      expect(second.params.rawRows).toEqual(first.params.rawRows);
      expect(second.quality).toEqual(first.quality);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes --cache-dir apart from the integer flags', () => {
    expect(splitCacheDir(['--records', '10', '--cache-dir', '/tmp/x', '--repeat', '2'])).toEqual({ cacheDir: '/tmp/x', rest: ['--records', '10', '--repeat', '2'] });
    expect(splitCacheDir(['--cache-dir=/tmp/y'])).toEqual({ cacheDir: '/tmp/y', rest: [] });
    expect(splitCacheDir(['--rows', '5'])).toEqual({ cacheDir: undefined, rest: ['--rows', '5'] });
  });
});
