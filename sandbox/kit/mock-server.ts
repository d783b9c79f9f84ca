/**
 * The base of every vendor mock: a real HTTP server on 127.0.0.1 with routing,
 * bearer/basic auth checks, a request log and fault injection. Each vendor mock
 * (connectors/<name>/mock/) adds its routes and says how its faults look on the
 * wire (HubSpot's error JSON, Mailchimp's problem+json, Meta's OAuthException …).
 *
 * @example
 * ```ts
 * const mock = await startHubspotMock({ data });
 * mock.faults.inject({ kind: 'rate_limit', times: 2, retryAfterSeconds: 1 });
 * // … run the connector against mock.url …
 * await mock.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind =
  | 'rate_limit' // 429 with Retry-After (and the vendor's rate-limit body)
  | 'server_error' // 500/502/503
  | 'timeout' // accept the request, answer after `delayMs` (default: never within a client timeout)
  | 'slow' // answer normally, but only after `delayMs` (default 100): widens windows for crash tests
  | 'truncated' // 200 with a body cut in half
  | 'reset' // destroy the socket without answering
  | 'expired_token' // 401 the way the vendor says "token expired"
  | 'quota_exhausted' // the vendor's daily/period quota is spent
  | 'html_error' // 502 with an HTML page, as a proxy or load balancer in front of the API sends it
  | 'drift'; // 200, but the records of the answer have drifted (`drift`: a field added, retyped or removed)

/** Faults the kit answers the same for every vendor; the rest are in the vendor's wire shape. */
type KitFaultKind = 'timeout' | 'truncated' | 'reset' | 'slow' | 'html_error' | 'drift';

/** The faults a vendor's `VendorWire.fault` answers in its own error shape. */
export type VendorFaultKind = Exclude<FaultKind, KitFaultKind>;

/**
 * A schema change at the source, applied to every record of a drifted answer (the records
 * are the answer's largest array of objects: `results`, `records`, `data`, `members` …).
 * `field` is a dotted path inside a record (`properties.firstname`).
 */
export interface DriftSpec {
  readonly change: 'add' | 'retype' | 'remove';
  readonly field: string;
}

export interface FaultSpec {
  readonly kind: FaultKind;
  /** How many matching requests it hits before it is used up (default 1; Infinity = until cleared). */
  readonly times?: number;
  /** Only requests whose path (without query) contains this string / matches this regex. */
  readonly path?: string | RegExp;
  /** Skip this many matching requests before firing (to fail "mid-sync"). */
  readonly after?: number;
  readonly retryAfterSeconds?: number;
  readonly status?: number;
  readonly delayMs?: number;
  /** For `drift`: what changes in each record. */
  readonly drift?: DriftSpec;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  toSkip: number;
}

/** What a vendor mock returns for an error: status, headers and its own body shape. */
export interface WireError {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface MockRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type MockReply =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status?: number; readonly text: string; readonly contentType: string; readonly headers?: Readonly<Record<string, string>> };

export type MockHandler = (req: MockRequest) => MockReply | Promise<MockReply>;

export interface MockRoute {
  readonly method: string;
  /** Path pattern with `:name` segments, e.g. `/3.0/lists/:listId/members`. */
  readonly path: string;
  readonly handler: MockHandler;
}

export interface VendorWire {
  /** Human name in logs ("HubSpot mock"). */
  readonly name: string;
  /** Returns an error reply if the request is not authorised, undefined if it is. */
  authorize(req: MockRequest): WireError | undefined;
  /** The vendor's own wire shape for each injected fault (and for unknown routes). */
  fault(kind: VendorFaultKind, spec: FaultSpec): WireError;
  notFound(req: MockRequest): WireError;
}

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly fault?: FaultKind;
}

export class FaultInjector {
  #faults: ActiveFault[] = [];

  inject(spec: FaultSpec): this {
    this.#faults.push({ ...spec, remaining: spec.times ?? 1, toSkip: spec.after ?? 0 });
    return this;
  }

  clear(): void {
    this.#faults = [];
  }

  /** The fault (if any) that applies to this request; consumes one use. */
  take(path: string): FaultSpec | undefined {
    for (const fault of this.#faults) {
      if (fault.remaining <= 0) continue;
      if (fault.path !== undefined && !(typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path))) continue;
      if (fault.toSkip > 0) {
        fault.toSkip--;
        continue;
      }
      fault.remaining--;
      return fault;
    }
    return undefined;
  }
}

export class MockServer {
  readonly faults = new FaultInjector();
  readonly requests: RequestLogEntry[] = [];
  readonly #server: Server;
  readonly #routes: { method: string; regex: RegExp; names: string[]; handler: MockHandler }[];
  readonly #wire: VendorWire;
  #url = '';

  private constructor(wire: VendorWire, routes: readonly MockRoute[]) {
    this.#wire = wire;
    this.#routes = routes.map((r) => {
      const names: string[] = [];
      const pattern = r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { method: r.method.toUpperCase(), regex: new RegExp(`^${pattern}/?$`), names, handler: r.handler };
    });
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `mock crashed: ${String(error)}` }));
        }
      });
    });
    // Slow-response faults must not keep tests waiting on close().
    this.#server.keepAliveTimeout = 1000;
  }

  /** Starts listening on 127.0.0.1 (port 0 = any free port). */
  static async start(wire: VendorWire, routes: readonly MockRoute[], port = 0): Promise<MockServer> {
    const server = new MockServer(wire, routes);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: actual } = server.#server.address() as AddressInfo;
    server.#url = `http://127.0.0.1:${actual}`;
    return server;
  }

  /** Base URL, no trailing slash (the HubSpot client insists). */
  get url(): string {
    return this.#url;
  }

  /** Requests answered, optionally only those whose path contains `pathPart`. */
  count(pathPart?: string): number {
    return pathPart === undefined ? this.requests.length : this.requests.filter((r) => r.path.includes(pathPart)).length;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const base: Omit<MockRequest, 'params'> = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const log = (status: number, fault?: FaultKind) =>
      this.requests.push({ method: base.method, path: base.path, query: url.search, status, ...(fault ? { fault } : {}) });

    const fault = this.faults.take(base.path);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 100));
    if (fault && fault.kind !== 'slow') {
      switch (fault.kind) {
        case 'reset':
          log(0, 'reset');
          req.socket.destroy();
          return;
        case 'timeout':
          log(0, 'timeout');
          await new Promise((r) => setTimeout(r, fault.delayMs ?? 60_000));
          if (!res.destroyed) send(res, this.#wire.fault('server_error', fault));
          return;
        case 'truncated': {
          const reply = await this.#route({ ...base, params: {} });
          const text = JSON.stringify('json' in reply ? reply.json : reply.text);
          log(200, 'truncated');
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          return;
        }
        case 'html_error':
          log(502, 'html_error');
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end(PROXY_ERROR_PAGE);
          return;
        case 'drift': {
          const denied = this.#wire.authorize({ ...base, params: {} });
          const reply = denied ? { status: denied.status, json: denied.body, headers: denied.headers ?? {} } : await this.#route({ ...base, params: {} });
          const status = reply.status ?? 200;
          log(status, 'drift');
          const body = 'json' in reply && status < 300 && fault.drift ? drifted(reply.json, fault.drift) : 'json' in reply ? reply.json : undefined;
          if ('json' in reply) send(res, { status, headers: reply.headers ?? {}, body });
          else {
            res.writeHead(status, { 'content-type': reply.contentType, ...reply.headers });
            res.end(reply.text);
          }
          return;
        }
        default: {
          const wire = this.#wire.fault(fault.kind, fault);
          log(wire.status, fault.kind);
          send(res, wire);
          return;
        }
      }
    }

    const denied = this.#wire.authorize({ ...base, params: {} });
    if (denied) {
      log(denied.status);
      send(res, denied);
      return;
    }
    const reply = await this.#route({ ...base, params: {} });
    const status = reply.status ?? 200;
    log(status);
    if ('json' in reply) {
      send(res, { status, headers: reply.headers ?? {}, body: reply.json });
    } else {
      res.writeHead(status, { 'content-type': reply.contentType, ...reply.headers });
      res.end(reply.text);
    }
  }

  async #route(req: MockRequest): Promise<MockReply> {
    for (const route of this.#routes) {
      if (route.method !== req.method) continue;
      const m = route.regex.exec(req.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return route.handler({ ...req, params });
    }
    const nf = this.#wire.notFound(req);
    return { status: nf.status, json: nf.body, headers: nf.headers ?? {} };
  }
}

/** What nginx in front of an API sends when the API behind it is down. */
const PROXY_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A copy of `body` whose records carry the drift (see DriftSpec). */
export function drifted(body: unknown, drift: DriftSpec): unknown {
  const copy = structuredClone(body) as unknown;
  for (const record of recordsIn(copy)) {
    const path = drift.field.split('.');
    let parent: Record<string, unknown> | undefined = record;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent = next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : undefined;
    }
    const leaf = path.at(-1)!;
    if (parent === undefined) continue;
    if (drift.change === 'add') parent[leaf] = 'added by the source';
    else if (drift.change === 'remove') delete parent[leaf];
    else if (leaf in parent) parent[leaf] = retyped(parent[leaf]);
  }
  return copy;
}

/** The same value as another JSON type: a string becomes a number, anything else a string. */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return value.length;
  return value === null || value === undefined ? 0 : String(value);
}

/** The records of an answer: its largest array of objects, found at most two levels down. */
function recordsIn(body: unknown): Record<string, unknown>[] {
  let best: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      const objects = value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
      if (objects.length > best.length) best = objects;
      return;
    }
    if (depth < 2 && value !== null && typeof value === 'object') for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(body, 0);
  return best;
}

function send(res: ServerResponse, wire: WireError): void {
  res.writeHead(wire.status, { 'content-type': 'application/json; charset=utf-8', ...wire.headers });
  res.end(wire.body === undefined ? '' : JSON.stringify(wire.body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads `Authorization: Bearer <token>`; undefined if absent or another scheme. */
export function bearerToken(req: MockRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1];
}
