import { beforeAll, describe, expect, it } from 'vitest';
import type { LineageGraph } from '../../../governance/lineage/index.js';
import { propagatePii, tagThrough, type PiiSeeds } from '../../../governance/pii/index.js';
import { buildProjectGraph } from '../project-fixture.js';

let graph: LineageGraph;
beforeAll(async () => {
  graph = await buildProjectGraph();
});

const declared: PiiSeeds['declared'] = [
  { field: 'hubspot.contacts.properties.email', tag: 'email' },
  { field: 'hubspot.contacts.properties.firstname', tag: 'name' },
  { field: 'mailchimp.members.email_address', tag: 'email' },
];

describe('propagatePii', () => {
  it('carries a declared email through lower(trim(...)) staging into the mart, recording the path', () => {
    const pii = propagatePii(graph, { declared });
    const tags = pii.get('customers', 'email');
    expect(tags.map((t) => t.tag)).toEqual(['email', 'email']);
    const fromHubspot = tags.find((t) => t.origin.kind === 'declared' && t.origin.field.startsWith('hubspot'));
    expect(fromHubspot).toEqual({
      tag: 'email',
      origin: { kind: 'declared', field: 'hubspot.contacts.properties.email' },
      path: [
        'hubspot.contacts.properties.email',
        'raw.hubspot_contacts.properties__email',
        'main.stg_hubspot__contacts.email',
        'main.customers.email',
      ],
    });
    // max() keeps values: the name survives it.
    expect(pii.tagsOf('main.customers', 'first_name')).toEqual(['name']);
  });

  it('count(*) and count(distinct …) drop tags', () => {
    const pii = propagatePii(graph, { declared });
    expect(pii.get('customers', 'n_records')).toEqual([]);
    expect(pii.get('customer_stats', 'customers')).toEqual([]);
    expect(pii.get('customer_stats', 'records')).toEqual([]);
  });

  it('md5(email) becomes pseudonymous_id, and stays one downstream', () => {
    const pii = propagatePii(graph, { declared });
    expect(pii.tagsOf('customers', 'customer_id')).toEqual(['pseudonymous_id']);
    const viaJoin = pii.get('web_sessions', 'customer_id');
    expect(viaJoin.map((t) => t.tag)).toEqual(['pseudonymous_id', 'pseudonymous_id']);
    expect(viaJoin[0]!.path).toEqual([
      'hubspot.contacts.properties.email',
      'raw.hubspot_contacts.properties__email',
      'main.stg_hubspot__contacts.email',
      'main.customers.customer_id',
      'main.web_sessions.customer_id',
    ]);
  });

  it('model meta extends what flows in', () => {
    const pii = propagatePii(graph, { declared, meta: [{ model: 'customers', column: 'customer_id', tags: ['person_id'] }] });
    const tags = pii.get('customers', 'customer_id');
    expect(new Set(tags.map((t) => t.tag))).toEqual(new Set(['pseudonymous_id', 'person_id']));
    expect(tags.find((t) => t.tag === 'person_id')).toEqual({
      tag: 'person_id',
      origin: { kind: 'model_meta', model: 'customers', column: 'customer_id' },
      path: ['main.customers.customer_id'],
    });
    // …and flows on from there.
    expect(pii.tagsOf('web_sessions', 'customer_id')).toContain('person_id');
  });

  it('model meta with mode override replaces what flows in, and what flows on', () => {
    const pii = propagatePii(graph, {
      declared,
      meta: [{ model: 'stg_mailchimp__members', column: 'email', tags: [], mode: 'override' }],
    });
    expect(pii.get('stg_mailchimp__members', 'email')).toEqual([]);
    const origins = pii.get('customers', 'email').map((t) => (t.origin.kind === 'declared' ? t.origin.field : t.origin.kind));
    expect(origins).toEqual(['hubspot.contacts.properties.email']);
  });

  it('classifier hits seed tags that propagate like declared ones', () => {
    const pii = propagatePii(graph, {
      classifier: [{ relation: 'raw.web_events', column: 'context_ip', tag: 'ip_address', reason: '10/10 sampled values look like IP addresses', confidence: 0.9 }],
    });
    expect(pii.get('web_sessions', 'ip')).toEqual([
      {
        tag: 'ip_address',
        origin: { kind: 'classifier', reason: '10/10 sampled values look like IP addresses', confidence: 0.9 },
        path: ['raw.web_events.context_ip', 'main.stg_web__events.ip', 'main.web_sessions.ip'],
      },
    ]);
    expect(pii.get('web_sessions', 'events')).toEqual([]);
  });

  it('lists every tagged column, and nothing untagged', () => {
    const pii = propagatePii(graph, { declared });
    const tagged = pii.columns().map((c) => `${c.relation}.${c.column}`);
    expect(tagged).toContain('main.customers.email');
    expect(tagged).not.toContain('main.customers.n_records');
    expect(tagged).not.toContain('main.stg_mailchimp__members.status');
  });

  it.each([
    ['identity', 'email', 'email'],
    ['expression', 'phone', 'phone'],
    ['hash', 'email', 'pseudonymous_id'],
    ['aggregate', 'email', undefined],
  ] as const)('a %s edge turns %s into %s', (transform, tag, expected) => {
    expect(tagThrough(tag, transform)).toBe(expected);
  });
});
