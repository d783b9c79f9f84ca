import { describe, expect, it } from 'vitest';
import { BatchGrouper } from '../../../pipeline/extract/batch-grouper.js';

const page = (from: number, n: number, cursor: string) => ({
  records: Array.from({ length: n }, (_, i) => ({ id: String(from + i) })),
  state: { cursor },
});

describe('BatchGrouper', () => {
  it('groups pages up to maxRows and commits them with the last page state', () => {
    const g = new BatchGrouper(250, 60_000);
    expect(g.add(page(0, 100, 'a'))).toBeUndefined();
    expect(g.add(page(100, 100, 'b'))).toBeUndefined();
    const group = g.add(page(200, 100, 'c'))!;
    expect(group.records).toHaveLength(300);
    expect(group.state).toEqual({ cursor: 'c' });
    expect(g.flush()).toBeUndefined();
  });

  it('flushes what is pending at the end, tombstones and empty pages included', () => {
    const g = new BatchGrouper(1000, 60_000);
    g.add(page(0, 3, 'a'));
    g.add({ records: [], deleted: [{ id: '9' }], state: { cursor: 'z' } });
    expect(g.flush()).toEqual({ records: page(0, 3, 'a').records, deleted: [{ id: '9' }], state: { cursor: 'z' } });
    // A stream that yields only a state (nothing new) still gets its cursor committed.
    g.add({ records: [], state: { cursor: 'same' } });
    expect(g.flush()).toEqual({ records: [], deleted: [], state: { cursor: 'same' } });
  });

  it('commits a small group once it is old enough, so slow sources make progress durable', async () => {
    const g = new BatchGrouper(1000, 20);
    expect(g.add(page(0, 1, 'a'))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 30));
    expect(g.add(page(1, 1, 'b'))).toMatchObject({ state: { cursor: 'b' } });
  });
});
