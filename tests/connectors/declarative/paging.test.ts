/**
 * Every paging rule and static auth of a declarative definition against a loopback
 * server that pages 7 items 3 at a time the way each rule expects; plus the safety
 * rules (a next URL on another host is not followed) and the incremental state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnector, parseDefinition } from '../../../connectors/declarative/index.js';
import { linkHeaderUrl } from '../../../connectors/declarative/pages.js';
import { createHttpClient } from '../../../connectors/sdk/index.js';
import { MockServer, type MockRequest, type VendorWire } from '../../../sandbox/kit/mock-server.js';
import { readAll } from '../../helpers/read-stream.js';

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `i${i}`, n: i, updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }));
const SIZE = 3;
let server: MockServer;
const seen: MockRequest[] = [];

const wire: VendorWire = {
  name: 'paging mock',
  authorize: (req) => {
    seen.push(req);
    const ok = req.headers['x-api-key'] === 'k1' || req.query.get('api_key') === 'k1' || req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
    return ok ? undefined : { status: 401, body: { message: 'no key' } };
  },
  fault: () => ({ status: 500, body: {} }),
  notFound: () => ({ status: 404, body: { message: 'no route' } }),
};

function slice(start: number) {
  return ITEMS.slice(start, start + SIZE);
}

beforeAll(async () => {
  server = await MockServer.start(wire, [
    { method: 'GET', path: '/cursor-body', handler: (r) => { const s = Number(r.query.get('after') ?? 0); return { json: { items: slice(s), next: s + SIZE < 7 ? String(s + SIZE) : null } }; } },
    { method: 'GET', path: '/cursor-header', handler: (r) => { const s = Number(r.query.get('c') ?? 0); return { json: slice(s), headers: s + SIZE < 7 ? { 'x-next': String(s + SIZE) } : {} }; } },
    { method: 'GET', path: '/next-url', handler: (r) => { const s = Number(r.query.get('s') ?? 0); return { json: { data: slice(s), links: { next: s + SIZE < 7 ? `${server.url}/next-url?s=${s + SIZE}` : null } } }; } },
    { method: 'GET', path: '/evil-next', handler: () => ({ json: { data: slice(0), links: { next: 'http://203.0.113.9/steal' } } }) },
    { method: 'GET', path: '/link', handler: (r) => { const s = Number(r.query.get('s') ?? 0); return { json: slice(s), headers: s + SIZE < 7 ? { link: `<${server.url}/link?s=${s + SIZE}>; rel="next", <${server.url}/link?s=6>; rel="last"` } : {} }; } },
    { method: 'GET', path: '/offset', handler: (r) => ({ json: { rows: ITEMS.slice(Number(r.query.get('offset')), Number(r.query.get('offset')) + Number(r.query.get('limit'))) } }) },
    { method: 'GET', path: '/pages', handler: (r) => ({ json: { rows: slice((Number(r.query.get('page')) - 1) * SIZE), more: Number(r.query.get('page')) * SIZE < 7 } }) },
    { method: 'GET', path: '/since', handler: (r) => ({ json: ITEMS.filter((i) => i.updated_at >= (r.query.get('since') ?? '')) }) },
  ]);
});
afterAll(async () => server?.close());

function connectorFor(stream: string, auth = "{ type: api_key, name: X-Api-Key, value: '${config.key}' }") {
  return buildConnector(
    parseDefinition(
      `version: 1\nname: pager\nconfig: { key: { type: string, secret: true }, base_url: { type: string } }\nbase_url: \${config.base_url}\nauth: ${auth}\nstreams:\n  - name: items\n    primary_key: [id]\n    schema: { id: string, n: integer, updated_at: datetime }\n${stream}`,
      'pager.yaml',
    ),
  );
}

async function read(stream: string, auth?: string, state?: Record<string, string>) {
  const connector = connectorFor(stream, auth);
  const config = connector.configSchema.parse({ key: 'k1', base_url: server.url });
  const http = createHttpClient({ source: 'pager', profile: connector.http!(config), retry: { maxAttempts: 1 } });
  try {
    return await readAll(connector.streams[0]!, config, http, state);
  } finally {
    http.close();
  }
}

const ids = (records: readonly { id?: unknown }[]) => records.map((r) => r.id);

describe('declarative paging', () => {
  it.each([
    ['a cursor in the body', '    path: /cursor-body\n    records: $.items\n    paging: { type: cursor, cursor_path: $.next, param: after }\n'],
    ['a cursor in a header', '    path: /cursor-header\n    paging: { type: cursor, cursor_header: X-Next, param: c }\n'],
    ['a next URL in the body', '    path: /next-url\n    records: $.data\n    paging: { type: next_url, path: $.links.next }\n'],
    ['the Link header', '    path: /link\n    paging: { type: link_header }\n'],
    ['offset and limit', '    path: /offset\n    records: $.rows\n    paging: { type: offset, limit: 3 }\n'],
    ['page numbers with a stop flag', '    path: /pages\n    records: $.rows\n    paging: { type: page_number, stop: { path: $.more, equals: false } }\n'],
  ])('reads every record through %s', async (_name, stream) => {
    const result = await read(stream);
    expect(ids(result.records)).toEqual(ITEMS.map((i) => i.id));
  });

  it('sends an API key in the query or basic credentials when the definition says so', async () => {
    const q = await read('    path: /offset\n    records: $.rows\n    paging: { type: offset, limit: 3 }\n', "{ type: api_key, in: query, name: api_key, value: '${config.key}' }");
    expect(q.records).toHaveLength(7);
    const b = await read('    path: /offset\n    records: $.rows\n    paging: { type: offset, limit: 3 }\n', "{ type: basic, username: u, password: p }");
    expect(b.records).toHaveLength(7);
  });

  it('never sends the credentials to a next URL on another host', async () => {
    await expect(read('    path: /evil-next\n    records: $.data\n    paging: { type: next_url, path: $.links.next }\n')).rejects.toThrow(/another host \(http:\/\/203\.0\.113\.9\)/);
  });

  it('starts from the initial value, saves the highest cursor, and resumes less the lookback', async () => {
    const stream = "    path: /since\n    params: { since: '${cursor}' }\n    incremental: { cursor_field: updated_at, initial: '2026-01-04T00:00:00.000Z', lookback: 1d }\n";
    const firstRun = await read(stream);
    expect(ids(firstRun.records)).toEqual(['i3', 'i4', 'i5', 'i6']);
    expect(firstRun.state).toEqual({ cursor: ITEMS[6]!.updated_at });
    const next = await read(stream, undefined, { cursor: ITEMS[6]!.updated_at });
    expect(ids(next.records)).toEqual(['i5', 'i6']);
  });

  it('parses RFC 8288 Link headers with several relations', () => {
    expect(linkHeaderUrl('<https://a/x?p=1>; rel="prev", <https://a/x?p=3>; rel="next last"', 'next')).toBe('https://a/x?p=3');
    expect(linkHeaderUrl('<https://a/x?p=1>; rel=prev', 'next')).toBeUndefined();
  });
});
