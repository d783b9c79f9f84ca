import { describe, expect, it } from 'vitest';
import { runIncrementalBench } from '../../bench/incremental.js';

// Shape and sanity only, at toy size: no assertion compares one time with another.
describe('bench/incremental', () => {
  it('builds everything, lands the night\'s changes and builds only what they touch', async () => {
    // 20 %, not the bench's 1 %: at 100 people a 1 % hash sample of a table can be empty.
    const result = await runIncrementalBench({ people: 100, changedPercent: 20, progress: () => {} });
    expect(result.bench).toBe('incremental');
    expect(result.params.people).toBe(100);
    for (const table of ['hubspot_contacts', 'mailchimp_members', 'web_events']) expect(result.params.changedRows[table]).toBeGreaterThan(0);
    expect(result.baseline.built).toBe(Object.keys(result.baseline.models).length);
    expect(result.ours.built + result.ours.unchanged).toBe(result.baseline.built);
    // Meta Ads and Salesforce landed nothing that night: their base models stay as they were.
    expect(result.ours.unchanged).toBeGreaterThan(0);
    expect(Object.keys(result.ours.models)).toContain('base_web__events');
    expect(result.ratio).toBeGreaterThan(0);
    expect(result.meetsTarget).toBe(false); // 100 people is not the bench's population
  }, 120_000);
});
