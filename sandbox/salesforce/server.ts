/**
 * A loopback Salesforce org: the REST API's SOQL `query` / `queryAll` with `queryMore`
 * locators (`nextRecordsUrl`), the OAuth2 token endpoint (refresh-token grant, answering
 * with the mock's own `instance_url`), Bearer sessions that can expire, the daily API
 * quota (`Sforce-Limit-Info` on every response, 403 REQUEST_LIMIT_EXCEEDED when spent),
 * getDeleted (`sobjects/<type>/deleted/?start=&end=`, the last 30 days, purged records included),
 * Bulk API 2.0 query jobs (CSV results paged by `maxRecords` and `Sforce-Locator`)
 * and Salesforce's error arrays for every injected fault.
 *
 * @example
 * ```ts
 * const mock = await startSalesforceMock({ fixtures, accessToken: 'tok', oauth: { clientId, clientSecret, refreshToken } });
 * mock.faults.inject({ kind: 'expired_token' });  // the session dies: 401 until refreshed
 * // … point instance_url / login_url at mock.url …
 * await mock.close();
 * ```
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  MockServer,
  bearerToken,
  type VendorFaultKind,
  type FaultSpec,
  type MockHandler,
  type MockReply,
  type MockRequest,
  type VendorWire,
  type WireError,
} from '../kit/mock-server.js';
import { type SalesforceFixtures, type SObjectType, type StoredRecord } from './fixtures.js';
import { SoqlProblem, parseSoql, runSoql, type ParsedSoql } from './soql.js';

export interface SalesforceMockOptions {
  readonly fixtures: SalesforceFixtures;
  /** A session valid from the start (the access-token flow); omit to require a refresh first. */
  readonly accessToken?: string;
  /** The connected app and refresh token the token endpoint accepts. */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string; readonly refreshToken: string };
  /** The org's daily API request limit (default 15,000) and what is used already (default 0). */
  readonly dailyApiLimit?: number;
  readonly apiUsed?: number;
  readonly port?: number;
}

/** What a test can do to the org besides injecting faults. */
export interface SalesforceMockControls {
  /** Invalidates every session (as an admin revoking them, or a timeout): 401 until refreshed. */
  expireSessions(): void;
  /** Sets the daily API usage the org reports. */
  setApiUsage(used: number, max?: number): void;
  readonly apiUsage: { readonly used: number; readonly max: number };
  /** Access tokens issued by the token endpoint so far. */
  readonly tokensIssued: number;
  /**
   * After `pages` more queryMore answers, every open query locator expires (as Salesforce
   * drops a cursor left unused for 15 minutes): the next queryMore is a 400 INVALID_QUERY_LOCATOR.
   */
  expireQueryLocatorsAfter(pages: number): void;
  /** Bulk API 2.0 query jobs created so far. */
  readonly bulkJobsCreated: number;
}

export type SalesforceMock = MockServer & SalesforceMockControls;

/** Fields the mock's objects have (a few more than the connector reads, like a real org). */
const FIELDS: { readonly [T in SObjectType]: readonly string[] } = {
  Contact: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'AccountId', 'Title', 'Birthdate', 'MailingStreet', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry', 'LeadSource', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  Lead: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Company', 'Title', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Status', 'LeadSource', 'IsConverted', 'ConvertedContactId', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  Account: ['Id', 'Name', 'Website', 'Industry', 'BillingCountry', 'Type', 'NumberOfEmployees', 'AnnualRevenue', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  Opportunity: ['Id', 'Name', 'Amount', 'StageName', 'IsWon', 'IsClosed', 'CloseDate', 'AccountId', 'CampaignId', 'LeadSource', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  OpportunityContactRole: ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary', 'CreatedById', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  Campaign: ['Id', 'Name', 'Type', 'Status', 'StartDate', 'EndDate', 'ActualCost', 'BudgetedCost', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
  CampaignMember: ['Id', 'CampaignId', 'ContactId', 'LeadId', 'Status', 'HasResponded', 'FirstRespondedDate', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'],
};
const DATETIME_FIELDS = new Set(['CreatedDate', 'LastModifiedDate', 'SystemModstamp']);
const BATCH_DEFAULT = 2000;
const BATCH_MIN = 200;
const ORG_ID = '00D8d0000000001EAA';
const OPEN_CURSORS_MAX = 10;
const DELETED_REACH_MS = 30 * 86_400_000;

interface OpenCursor {
  readonly query: ParsedSoql;
  readonly rows: readonly StoredRecord[];
  readonly batchSize: number;
}

export async function startSalesforceMock(options: SalesforceMockOptions): Promise<SalesforceMock> {
  const { fixtures } = options;
  const sessions = new Set<string>(options.accessToken === undefined ? [] : [options.accessToken]);
  const usage = { used: options.apiUsed ?? 0, max: options.dailyApiLimit ?? 15_000 };
  const cursors = new Map<string, OpenCursor>();
  let tokensIssued = 0;
  let cursorSeq = 0;
  let locatorsExpireIn: number | undefined;
  const jobs = new Map<string, { readonly query: ParsedSoql; readonly rows: readonly StoredRecord[]; polls: number }>();
  let bulkJobsCreated = 0;

  const limitHeaders = (): Record<string, string> => ({ 'Sforce-Limit-Info': `api-usage=${usage.used}/${usage.max}` });
  const sfError = (status: number, errorCode: string, message: string, headers: Record<string, string> = {}): WireError => ({
    status,
    headers: { ...limitHeaders(), ...headers },
    body: [{ message, errorCode }],
  });
  const reply = (wire: WireError): MockReply => ({ status: wire.status, json: wire.body, headers: wire.headers ?? {} });

  /** Counts the call against the daily quota; answers 403 once it is spent, 400 for bad SOQL. */
  const api = (handler: MockHandler): MockHandler => async (req) => {
    if (!/^v\d{2,3}\.0$/.test(req.params.version ?? '')) {
      return reply(sfError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    }
    if (usage.used >= usage.max) return reply(sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    usage.used++;
    try {
      const r = await handler(req);
      return { ...r, headers: { ...limitHeaders(), ...r.headers } };
    } catch (error) {
      if (error instanceof SoqlProblem) return reply(sfError(400, error.errorCode, error.message));
      throw error;
    }
  };

  const page = (req: MockRequest, id: string, offset: number): MockReply => {
    const cursor = cursors.get(id)!;
    const slice = cursor.rows.slice(offset, offset + cursor.batchSize);
    const nextOffset = offset + slice.length;
    const done = nextOffset >= cursor.rows.length;
    return {
      json: {
        totalSize: cursor.rows.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `/services/data/${req.params.version}/query/${id}-${nextOffset}` }),
        records: slice.map((r) => toWire(r, cursor.query, req.params.version!)),
      },
    };
  };

  const query = (scanAll: boolean): MockHandler => (req) => {
    const q = req.query.get('q');
    if (q === null || q.trim() === '') throw new SoqlProblem('MALFORMED_QUERY', 'A query string has to be specified');
    const parsed = parseSoql(q, (s) => FIELDS[s as SObjectType], DATETIME_FIELDS);
    const store = fixtures.records[parsed.sobject as SObjectType];
    const rows = runSoql(parsed, [...store.values()].filter((r) => scanAll || !r.IsDeleted));
    const id = `01g8d00000${String(++cursorSeq).padStart(6, '0')}AB`;
    cursors.set(id, { query: parsed, rows, batchSize: batchSizeOf(req) });
    // A locator outlives its last page (a client may re-read a page whose answer it lost);
    // Salesforce keeps 10 open per user and drops the oldest beyond that.
    if (cursors.size > OPEN_CURSORS_MAX) cursors.delete(cursors.keys().next().value!);
    return page(req, id, 0);
  };

  const more: MockHandler = (req) => {
    if (locatorsExpireIn !== undefined && locatorsExpireIn-- <= 0) {
      locatorsExpireIn = undefined;
      cursors.clear();
    }
    const m = /^(.+)-(\d+)$/.exec(req.params.locator ?? '');
    if (!m || !cursors.has(m[1]!)) return reply(sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator'));
    return page(req, m[1]!, Number(m[2]));
  };

  /**
   * getDeleted: records deleted in [start, end] (ISO 8601, seconds ignored), in the recycle
   * bin or purged; `start` must be within the last 30 days (INVALID_REPLICATION_DATE).
   */
  const deletedRecords: MockHandler = (req) => {
    const type = req.params.type as SObjectType;
    if (!(type in fixtures.records)) return reply(sfError(404, 'NOT_FOUND', `The requested resource does not exist`));
    const minute = (v: string | null) => (v === null || Number.isNaN(Date.parse(v)) ? NaN : Math.floor(Date.parse(v) / 60_000) * 60_000);
    const start = minute(req.query.get('start'));
    const end = minute(req.query.get('end'));
    if (Number.isNaN(start) || Number.isNaN(end)) return reply(sfError(400, 'MALFORMED_QUERY', 'start and end must be ISO 8601 date-times'));
    const now = Date.now();
    const earliest = Math.floor((now - DELETED_REACH_MS) / 60_000) * 60_000;
    if (start < earliest) return reply(sfError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate and be within the last 30 days'));
    if (end <= start) return reply(sfError(400, 'INVALID_REPLICATION_DATE', 'endDate must chronologically follow startDate'));
    const covered = Math.min(end, Math.floor(now / 60_000) * 60_000);
    const wireTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '+0000');
    const deleted = [
      ...[...fixtures.records[type].values()].filter((r) => r.IsDeleted).map((r) => ({ id: r.Id, deletedDate: r.SystemModstamp })),
      ...fixtures.purged[type],
    ].filter((d) => Date.parse(d.deletedDate) >= start && Date.parse(d.deletedDate) < covered);
    return {
      json: {
        deletedRecords: deleted.map((d) => ({ id: d.id, deletedDate: wireTime(Date.parse(d.deletedDate)) })),
        earliestDateAvailable: wireTime(earliest),
        latestDateCovered: wireTime(covered),
      },
    };
  };

  /**
   * Bulk API 2.0 query jobs: created UploadComplete, InProgress at the first poll,
   * JobComplete from the second; results as CSV pages of `maxRecords` (default all),
   * `Sforce-Locator` naming the next page (`null` after the last).
   */
  const createJob: MockHandler = (req) => {
    const body = (req.body ?? {}) as { operation?: unknown; query?: unknown };
    if (body.operation !== 'query' && body.operation !== 'queryAll') return reply(sfError(400, 'INVALIDJOB', 'InvalidJob : operation must be query or queryAll'));
    if (typeof body.query !== 'string') throw new SoqlProblem('MALFORMED_QUERY', 'A query string has to be specified');
    const parsed = parseSoql(body.query, (t) => FIELDS[t as SObjectType], DATETIME_FIELDS);
    const rows = runSoql(parsed, [...fixtures.records[parsed.sobject as SObjectType].values()].filter((r) => body.operation === 'queryAll' || !r.IsDeleted));
    const id = `7508d00000${String(jobs.size + 1).padStart(6, '0')}AB`;
    jobs.set(id, { query: parsed, rows, polls: 0 });
    bulkJobsCreated++;
    return { json: { id, operation: body.operation, object: parsed.sobject, state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(req.params.version!.slice(1)) } };
  };
  const jobInfo: MockHandler = (req) => {
    const job = jobs.get(req.params.jobId ?? '');
    if (!job) return reply(sfError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    job.polls++;
    return { json: { id: req.params.jobId, state: job.polls < 2 ? 'InProgress' : 'JobComplete', numberRecordsProcessed: job.polls < 2 ? 0 : job.rows.length } };
  };
  const jobResults: MockHandler = (req) => {
    const job = jobs.get(req.params.jobId ?? '');
    if (!job) return reply(sfError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    if (job.polls < 2) return reply(sfError(400, 'INVALIDJOBSTATE', `Job ${req.params.jobId} is not complete`));
    const offset = Number(Buffer.from(req.query.get('locator') ?? '', 'base64url').toString() || '0');
    const max = Number(req.query.get('maxRecords') ?? job.rows.length) || job.rows.length;
    const slice = job.rows.slice(offset, offset + max);
    const next = offset + slice.length < job.rows.length ? Buffer.from(String(offset + slice.length)).toString('base64url') : 'null';
    const csvField = (v: unknown) => {
      if (v === null || v === undefined) return '';
      const text = String(v);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const lines = [job.query.fields.join(','), ...slice.map((r) => job.query.fields.map((f) => csvField(r[f])).join(','))];
    return { text: `${lines.join('\n')}\n`, contentType: 'text/csv', headers: { 'Sforce-Locator': next, 'Sforce-NumberOfRecords': String(slice.length) } };
  };

  const token: MockHandler = (req) => {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    const oauth = options.oauth;
    const oauthError = (error: string, error_description: string): MockReply => ({ status: 400, json: { error, error_description } });
    if (form.get('grant_type') !== 'refresh_token') return oauthError('unsupported_grant_type', 'grant type not supported');
    if (!oauth || form.get('client_id') !== oauth.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    if (form.get('client_secret') !== oauth.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
    if (form.get('refresh_token') !== oauth.refreshToken) return oauthError('invalid_grant', 'expired access/refresh token');
    tokensIssued++;
    const accessToken = `${ORG_ID.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
    sessions.add(accessToken);
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const issuedAt = String(Date.now());
    const id = `${origin}/id/${ORG_ID}/0058d000000TEST`;
    return {
      json: {
        access_token: accessToken,
        signature: createHmac('sha256', oauth.clientSecret).update(id + issuedAt).digest('base64'),
        scope: 'refresh_token api',
        instance_url: origin,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      },
    };
  };

  const wire: VendorWire = {
    name: 'Salesforce mock',
    authorize(req: MockRequest): WireError | undefined {
      if (req.path === '/services/oauth2/token') return undefined;
      const t = bearerToken(req);
      if (t !== undefined && sessions.has(t)) return undefined;
      return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    },
    fault(kind: VendorFaultKind, spec: FaultSpec): WireError {
      switch (kind) {
        case 'rate_limit':
          // Too many concurrent long-running requests: transient, unlike the daily limit.
          return sfError(429, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.', { 'Retry-After': String(spec.retryAfterSeconds ?? 1) });
        case 'expired_token':
          // The session dies for good: every later request with it is a 401 too.
          sessions.clear();
          return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        case 'quota_exhausted':
          usage.used = usage.max;
          return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        case 'server_error': {
          const status = spec.status ?? 503;
          return status === 503
            ? sfError(503, 'SERVER_UNAVAILABLE', 'Server Unavailable')
            : sfError(status, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1234567)');
        }
      }
    },
    notFound(): WireError {
      return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    },
  };

  const server = await MockServer.start(
    wire,
    [
      { method: 'POST', path: '/services/oauth2/token', handler: token },
      { method: 'GET', path: '/services/data/:version/query', handler: api(query(false)) },
      { method: 'GET', path: '/services/data/:version/queryAll', handler: api(query(true)) },
      { method: 'GET', path: '/services/data/:version/query/:locator', handler: api(more) },
      { method: 'GET', path: '/services/data/:version/queryAll/:locator', handler: api(more) },
      { method: 'GET', path: '/services/data/:version/sobjects/:type/deleted', handler: api(deletedRecords) },
      { method: 'POST', path: '/services/data/:version/jobs/query', handler: api(createJob) },
      { method: 'GET', path: '/services/data/:version/jobs/query/:jobId', handler: api(jobInfo) },
      { method: 'GET', path: '/services/data/:version/jobs/query/:jobId/results', handler: api(jobResults) },
    ],
    options.port ?? 0,
  );
  const controls: SalesforceMockControls = {
    expireSessions: () => sessions.clear(),
    setApiUsage(used: number, max?: number) {
      usage.used = used;
      if (max !== undefined) usage.max = max;
    },
    get apiUsage() {
      return { ...usage };
    },
    get tokensIssued() {
      return tokensIssued;
    },
    get bulkJobsCreated() {
      return bulkJobsCreated;
    },
    expireQueryLocatorsAfter(pages: number) {
      locatorsExpireIn = pages;
    },
  };
  return Object.defineProperties(server, Object.getOwnPropertyDescriptors(controls)) as SalesforceMock;
}

/** `Sforce-Query-Options: batchSize=N`, clamped to Salesforce's 200..2000. */
function batchSizeOf(req: MockRequest): number {
  const header = req.headers['sforce-query-options'];
  const m = typeof header === 'string' ? /batchSize=(\d+)/i.exec(header) : null;
  return m ? Math.min(BATCH_DEFAULT, Math.max(BATCH_MIN, Number(m[1]))) : BATCH_DEFAULT;
}

/** A stored record the way the REST API writes it: `attributes` first, datetimes as `…+0000`. */
function toWire(record: StoredRecord, query: ParsedSoql, version: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: query.sobject, url: `/services/data/${version}/sobjects/${query.sobject}/${record.Id}` },
  };
  for (const f of query.fields) {
    const v = record[f] ?? null;
    out[f] = DATETIME_FIELDS.has(f) && typeof v === 'string' ? v.replace(/Z$/, '+0000') : v;
  }
  return out;
}

