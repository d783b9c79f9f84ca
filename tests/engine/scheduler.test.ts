import { describe, expect, it } from 'vitest';
import { runScheduled } from '../../engine/invocation/scheduler.js';

/** Resolves when `release(key)` is called: lets a test decide the order nodes finish in. */
function gates() {
  const waiting = new Map<string, () => void>();
  const started: string[] = [];
  return {
    started,
    run: (key: string) => {
      started.push(key);
      return new Promise<void>((resolve) => waiting.set(key, resolve));
    },
    release: async (key: string) => {
      await Promise.resolve();
      waiting.get(key)!();
      // let the scheduler see it finished
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe('runScheduled', () => {
  const deps: Record<string, string[]> = { a: [], b: [], c: ['a'], d: ['b'], e: ['c', 'd'] };
  it('with one slot runs exactly the given order', async () => {
    const seen: string[] = [];
    await runScheduled(['a', 'b', 'c', 'd', 'e'], (k) => deps[k] ?? [], 1, async (k) => void seen.push(k));
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts a node as soon as its dependencies finish, never more than the slots at once, each on a free slot', async () => {
    const g = gates();
    const slots: Record<string, number> = {};
    const done = runScheduled(['a', 'b', 'c', 'd', 'e'], (k) => deps[k] ?? [], 2, (k, slot) => {
      slots[k] = slot;
      return g.run(k);
    });
    await Promise.resolve();
    expect(g.started).toEqual(['a', 'b']);
    await g.release('b');
    expect(g.started).toEqual(['a', 'b', 'd']); // d's only dependency is done; c still waits for a
    expect(slots['d']).toBe(1);
    await g.release('a');
    expect(g.started).toEqual(['a', 'b', 'd', 'c']);
    await g.release('d');
    await g.release('c');
    await g.release('e');
    await done;
    expect(g.started).toEqual(['a', 'b', 'd', 'c', 'e']);
  });

  it('on a rejection starts nothing more, waits for the running node, then rethrows', async () => {
    let finished = false;
    const run = runScheduled(['a', 'b', 'c'], () => [], 2, async (k) => {
      if (k === 'a') throw new Error('boom');
      await new Promise((r) => setTimeout(r, 10));
      finished = true;
      if (k === 'c') throw new Error('c must not start');
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished).toBe(true);
  });
});
