import { describe, expect, it } from 'vitest';
import { CycleError, Dag } from '../../engine/dag.js';

function graph(edges: Record<string, string[]>): Dag<string> {
  const dag = new Dag<string>();
  for (const [k, deps] of Object.entries(edges)) dag.add(k, k.toUpperCase(), deps);
  return dag;
}

describe('Dag', () => {
  const dag = graph({
    customers: ['stg_contacts', 'stg_members'],
    stg_members: [],
    stg_contacts: [],
    campaign_roi: ['customers', 'campaigns'],
    campaigns: [],
  });

  it('sorts topologically, ties broken by name', () => {
    expect(dag.sorted()).toEqual(['campaigns', 'stg_contacts', 'stg_members', 'customers', 'campaign_roi']);
  });

  it('groups independent nodes into levels', () => {
    expect(dag.levels()).toEqual([['campaigns', 'stg_contacts', 'stg_members'], ['customers'], ['campaign_roi']]);
  });

  it('walks upstream and downstream', () => {
    expect(dag.upstream('campaign_roi')).toEqual(['campaigns', 'customers', 'stg_contacts', 'stg_members']);
    expect(dag.downstream('stg_contacts')).toEqual(['campaign_roi', 'customers']);
    expect(dag.upstream('campaigns')).toEqual([]);
    expect(dag.get('customers')).toBe('CUSTOMERS');
  });

  it('builds a subdag that drops edges leaving it', () => {
    const sub = dag.subdag(['customers', 'campaign_roi']);
    expect(sub.levels()).toEqual([['customers'], ['campaign_roi']]);
    expect(sub.depsOf('customers')).toEqual([]);
  });

  it('ignores deps on nodes outside the graph', () => {
    expect(graph({ a: ['missing'] }).sorted()).toEqual(['a']);
  });

  it('reports a cycle with its path', () => {
    const cyclic = graph({ a: ['b'], b: ['c'], c: ['a'], d: [], e: ['a'] });
    expect(() => cyclic.sorted()).toThrow(CycleError);
    try {
      cyclic.levels();
    } catch (err) {
      expect((err as CycleError).message).toBe('dependency cycle: a -> b -> c -> a');
      expect((err as CycleError).path).toEqual(['a', 'b', 'c', 'a']);
    }
  });

  it('reports a self-dependency', () => {
    expect(() => graph({ a: ['a'] }).sorted()).toThrow('dependency cycle: a -> a');
  });
});
