import { beforeAll, describe, expect, it } from 'vitest';
import { LineageGraph, columnNode, fieldNode, formatNode, type ModelLineage } from '../../../governance/lineage/index.js';
import { buildProjectGraph } from '../project-fixture.js';

let graph: LineageGraph;
beforeAll(async () => {
  graph = await buildProjectGraph();
});

describe('LineageGraph', () => {
  it('walks upstream from a mart column down to connector fields, each hop with its transform', () => {
    const hops = graph.upstream(columnNode('main.customers', 'email'));
    const readable = hops.map((h) => `${h.depth} ${graph.format(h.to)} <- ${graph.format(h.from)} (${h.transform})`);
    expect(readable).toEqual([
      '1 customers.email <- stg_hubspot__contacts.email (identity)',
      '1 customers.email <- stg_mailchimp__members.email (identity)',
      '2 stg_hubspot__contacts.email <- raw.hubspot_contacts.properties__email (expression)',
      '2 stg_mailchimp__members.email <- raw.mailchimp_members.email_address (expression)',
      '3 raw.hubspot_contacts.properties__email <- hubspot.contacts.properties.email (identity)',
      '3 raw.mailchimp_members.email_address <- mailchimp.members.email_address (identity)',
    ]);
  });

  it('lists every complete upstream path', () => {
    const paths = graph.upstreamPaths(columnNode('main.customers', 'customer_id'));
    expect(paths.map((p) => [graph.format(p[0]!.to), ...p.map((e) => `${graph.format(e.from)}`)].join(' <- '))).toEqual([
      'customers.customer_id <- stg_hubspot__contacts.email <- raw.hubspot_contacts.properties__email <- hubspot.contacts.properties.email',
      'customers.customer_id <- stg_mailchimp__members.email <- raw.mailchimp_members.email_address <- mailchimp.members.email_address',
    ]);
    expect(paths[0]![0]!.transform).toBe('hash');
  });

  it('walks downstream from a connector field to every mart column it reaches', () => {
    const reached = graph.downstream(fieldNode('hubspot.contacts.properties.email')).map((h) => graph.format(h.to));
    expect(reached).toEqual(
      expect.arrayContaining([
        'raw.hubspot_contacts.properties__email',
        'stg_hubspot__contacts.email',
        'customers.email',
        'customers.customer_id',
        'customer_stats.customers',
        'web_sessions.customer_id',
      ]),
    );
  });

  it('resolves user input with or without the default schema', () => {
    expect(graph.resolve('customers.email')).toEqual(columnNode('main.customers', 'email'));
    expect(graph.resolve('main.customers.EMAIL')).toEqual(columnNode('main.customers', 'email'));
    expect(graph.resolve('raw.hubspot_contacts.properties__email')).toEqual(columnNode('raw.hubspot_contacts', 'properties__email'));
    expect(graph.resolve('hubspot.contacts.properties.email')).toEqual(fieldNode('hubspot.contacts.properties.email'));
    expect(graph.resolve('customers.nope')).toBeUndefined();
  });

  it('formats nodes for people and keeps them qualified inside', () => {
    const node = columnNode('main.customers', 'email');
    expect(formatNode(node)).toBe('customers.email');
    expect(formatNode(node, { qualified: true })).toBe('main.customers.email');
    expect(formatNode(columnNode('raw.web_events', 'context_ip'))).toBe('raw.web_events.context_ip');
  });

  it('replaces a model’s edges when it is added again', () => {
    const g = new LineageGraph();
    const v1: ModelLineage = { columns: [{ column: 'x', sources: [{ relation: 'raw.a', column: 'x', transform: 'identity' }] }], indirect: [], relations: ['raw.a'] };
    const v2: ModelLineage = { columns: [{ column: 'x', sources: [{ relation: 'raw.b', column: 'y', transform: 'aggregate' }] }], indirect: [], relations: ['raw.b'] };
    g.addModel('m', v1).addModel('m', v1);
    expect(g.parents(columnNode('main.m', 'x'))).toHaveLength(1);
    g.addModel('m', v2);
    expect(g.parents(columnNode('main.m', 'x')).map((e) => [formatNode(e.from), e.transform])).toEqual([['raw.b.y', 'aggregate']]);
    expect(g.children(columnNode('raw.a', 'x'))).toEqual([]);
  });

  it('does not loop on a cycle', () => {
    const g = new LineageGraph();
    const self: ModelLineage = {
      columns: [{ column: 'x', sources: [{ relation: 'main.m', column: 'x', transform: 'identity' }, { relation: 'raw.a', column: 'x', transform: 'identity' }] }],
      indirect: [],
      relations: ['main.m', 'raw.a'],
    };
    g.addModel('m', self);
    expect(g.upstream(columnNode('main.m', 'x'))).toHaveLength(2);
    expect(g.upstreamPaths(columnNode('main.m', 'x'))).toHaveLength(1);
  });
});
