/**
 * Mailchimp's `count` + `offset` paging. The first page tells `total_items`; the
 * remaining pages are then fetched a few at a time (the HTTP client's concurrency
 * limit keeps Mailchimp's 10-connection ceiling) and yielded strictly in order, so
 * a stream's checkpoints still follow its data.
 *
 * @example
 * ```ts
 * for await (const page of pages(ctx, { path: '/3.0/lists', itemsKey: 'lists', pageSize: 1000 })) {
 *   yield { records: page.items, state: {} };
 * }
 * ```
 */
import { MalformedResponseError, type JsonRecord, type ReadContext } from '../sdk/index.js';

export interface PageRequest {
  readonly path: string;
  /** The envelope key holding the items (`lists`, `members`, `emails`, `sent_to` …). */
  readonly itemsKey: string;
  readonly pageSize: number;
  readonly params?: Readonly<Record<string, string | number>>;
  /** Pages requested ahead of the one being consumed (default 4, the client's concurrency). */
  readonly lookahead?: number;
}

export interface Page {
  readonly items: JsonRecord[];
  readonly offset: number;
  readonly totalItems: number;
}

export async function* pages(ctx: ReadContext<unknown>, request: PageRequest): AsyncGenerator<Page> {
  const fetchPage = async (offset: number): Promise<{ items: JsonRecord[]; total: number }> => {
    const res = await ctx.http.get<unknown>(request.path, {
      params: { ...request.params, count: request.pageSize, offset },
    });
    return readEnvelope(res.data, request);
  };

  ctx.signal.throwIfAborted();
  const first = await fetchPage(0);
  const total = first.total;
  const lastOffset = Math.max(0, Math.ceil(total / request.pageSize) - 1) * request.pageSize;
  yield { items: first.items, offset: 0, totalItems: total };

  const lookahead = Math.max(1, request.lookahead ?? 4);
  const inflight: { offset: number; page: Promise<{ items: JsonRecord[]; total: number }> }[] = [];
  let next = request.pageSize;
  while (next <= lastOffset || inflight.length > 0) {
    ctx.signal.throwIfAborted();
    while (inflight.length < lookahead && next <= lastOffset) {
      const page = fetchPage(next);
      // Failures surface when this page's turn comes; until then keep them from being "unhandled".
      page.catch(() => {});
      inflight.push({ offset: next, page });
      next += request.pageSize;
    }
    const head = inflight.shift()!;
    const { items } = await head.page;
    yield { items, offset: head.offset, totalItems: total };
    // The listing shrank while we read it: later offsets are empty too.
    if (items.length === 0) break;
  }
}

function readEnvelope(body: unknown, request: PageRequest): { items: JsonRecord[]; total: number } {
  if (body === null || typeof body !== 'object') {
    throw new MalformedResponseError('mailchimp', `GET ${request.path} returned no JSON object`);
  }
  const envelope = body as Record<string, unknown>;
  const items = envelope[request.itemsKey];
  const total = envelope.total_items;
  if (!Array.isArray(items) || typeof total !== 'number') {
    throw new MalformedResponseError('mailchimp', `GET ${request.path} lacks "${request.itemsKey}" array or total_items`);
  }
  return { items: items.map(withoutLinks), total };
}

/** `_links` is hypermedia about the API, not data about the record: not landed. */
function withoutLinks(item: JsonRecord): JsonRecord {
  if (item === null || typeof item !== 'object' || !('_links' in item)) return item;
  const rest = { ...item };
  delete rest._links;
  return rest;
}
