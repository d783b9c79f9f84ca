/**
 * Reads one stream's pages as a definition describes them: builds each request from
 * the templates, sends it through the SDK client under the source's auth, selects the
 * records and works out the next request from the paging rule — a cursor in the body
 * or a header, a next URL in the body or the `Link` header, offset/limit or a page
 * number — until the rule, an empty page or a stop condition says it is the last.
 */
import { MalformedResponseError, type HttpClient, type JsonRecord } from '../sdk/index.js';
import type { AuthDefinition, PagingDefinition, StreamDefinition } from './definition-schema.js';
import { authParams, withAuth } from './auth.js';
import { selectJsonPath } from './json-path.js';
import { renderDeep, renderParams, renderString, type TemplateScope } from './template.js';

export interface Page {
  readonly records: JsonRecord[];
  readonly last: boolean;
}

interface Request {
  url: string;
  params: Record<string, unknown>;
  data?: Record<string, unknown>;
}

export interface PageSource {
  readonly auth: AuthDefinition;
  readonly baseURL: string;
  readonly http: HttpClient;
}

export async function* readPages(stream: StreamDefinition, scope: TemplateScope, source: PageSource): AsyncGenerator<Page> {
  const paging = stream.paging;
  const query = authParams(source.auth, scope.config);
  const baseParams = { ...renderParams(stream.params, scope), ...query };
  const headers = Object.fromEntries(Object.entries(stream.headers).map(([k, v]) => [k, renderString(v, scope)]));
  let request: Request | undefined = {
    url: renderString(stream.path, scope),
    params: { ...baseParams, ...firstPageParams(paging) },
    ...(stream.body ? { data: renderDeep(stream.body, scope) as Record<string, unknown> } : {}),
  };
  let pageIndex = 0;
  while (request) {
    const sent: Request = request;
    const res = await withAuth(source.auth, scope.config, source.http, (authHeaders) =>
      source.http.request<unknown>({ method: stream.method, url: sent.url, params: sent.params, ...(sent.data ? { data: sent.data } : {}), headers: { ...headers, ...authHeaders } }),
    );
    const records = selectRecords(res.data, stream, source.http.source);
    request = records.length === 0 || stopped(paging, res.data) ? undefined : nextRequest(paging, sent, res, records.length, pageIndex, { ...source, authParams: query });
    pageIndex++;
    yield { records, last: request === undefined };
  }
}

function firstPageParams(paging: PagingDefinition): Record<string, unknown> {
  switch (paging.type) {
    case 'offset':
      return { [paging.offset_param]: 0, [paging.limit_param]: paging.limit };
    case 'page_number':
      return { [paging.page_param]: paging.start, ...(paging.size_param && paging.size ? { [paging.size_param]: paging.size } : {}) };
    default:
      return {};
  }
}

function selectRecords(body: unknown, stream: StreamDefinition, source: string): JsonRecord[] {
  const selected = selectJsonPath(body, stream.records);
  if (selected === undefined || selected === null) return [];
  if (Array.isArray(selected)) {
    if (selected.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) return selected as JsonRecord[];
  } else if (typeof selected === 'object') return [selected as JsonRecord];
  throw new MalformedResponseError(source, `${stream.name}: records at ${stream.records} are not objects`, {
    hint: `check streams.${stream.name}.records in the connector definition: it should point at the list of records`,
  });
}

function stopped(paging: PagingDefinition, body: unknown): boolean {
  const stop = 'stop' in paging ? paging.stop : undefined;
  return stop !== undefined && selectJsonPath(body, stop.path) === stop.equals;
}

function nextRequest(
  paging: PagingDefinition,
  sent: Request,
  res: { data: unknown; headers: unknown },
  count: number,
  pageIndex: number,
  source: PageSource & { authParams: Record<string, string> },
): Request | undefined {
  switch (paging.type) {
    case 'none':
      return undefined;
    case 'cursor': {
      const cursor = paging.cursor_path !== undefined ? selectJsonPath(res.data, paging.cursor_path) : header(res.headers, paging.cursor_header!);
      if (cursor === undefined || cursor === null || cursor === '') return undefined;
      if (paging.in === 'body') return { ...sent, data: { ...sent.data, [paging.param]: cursor } };
      return { ...sent, params: { ...sent.params, [paging.param]: cursor } };
    }
    case 'next_url': {
      const next = selectJsonPath(res.data, paging.path);
      return typeof next === 'string' && next !== '' ? followUrl(next, source) : undefined;
    }
    case 'link_header': {
      const next = linkHeaderUrl(header(res.headers, 'link'), paging.rel);
      return next ? followUrl(next, source) : undefined;
    }
    case 'offset':
      if (count < paging.limit) return undefined;
      return { ...sent, params: { ...sent.params, [paging.offset_param]: (pageIndex + 1) * paging.limit } };
    case 'page_number':
      if (paging.size !== undefined && count < paging.size) return undefined;
      return { ...sent, params: { ...sent.params, [paging.page_param]: paging.start + pageIndex + 1 } };
  }
}

/**
 * A next URL carries its own query; only the auth parameter is added again. It must
 * stay on the source's origin: the source's credentials go wherever it points.
 */
function followUrl(next: string, source: PageSource & { authParams: Record<string, string> }): Request {
  const base = new URL(source.baseURL);
  const url = new URL(next, base);
  if (url.origin !== base.origin) {
    throw new MalformedResponseError(source.http.source, `the next page is on another host (${url.origin}), not ${base.origin}: not followed`, {
      hint: 'credentials are only sent to base_url; if the API really pages across hosts, set base_url to that host',
    });
  }
  const params = Object.fromEntries(Object.entries(source.authParams).filter(([k]) => !url.searchParams.has(k)));
  return { url: url.toString(), params };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === want) return Array.isArray(v) ? String(v[0]) : v === undefined || v === null ? undefined : String(v);
  }
  return undefined;
}

/** The URL of `rel="next"` in an RFC 8288 `Link` header. */
export function linkHeaderUrl(link: string | undefined, rel: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]!)?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(rel)) return m[1];
  }
  return undefined;
}
