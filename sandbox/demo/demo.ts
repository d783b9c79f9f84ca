/**
 * `tributary demo`: a complete Tributary on one laptop, with no network.
 *
 * 1. a seeded synthetic population (people, companies, campaigns, deals) spread over
 *    HubSpot, Salesforce, Mailchimp, Meta Ads, LinkedIn Ads, GA4, Klaviyo and web events, with real-world mess;
 * 2. loopback mocks speaking each vendor's wire format (two 429s and a 503 injected into
 *    the first run, to show they are survived);
 * 3. a workspace (`./demo`: tributary.yml, .env, events/, databases, logs/);
 * 4. a full sync, then one simulated day of changes and an incremental sync;
 * 5. identity quality scored against the generator's ground truth.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { applyDailyChanges, generatePopulation, isScored, scoreIdentity, type Population, type TruthEntry } from '../world/index.js';
import { ConfigError, type Logger } from '../../core/index.js';
import { loadConfig, type TributaryConfig } from '../../pipeline/config/load-config.js';
import { sync, type SyncEvent, type SyncResult } from '../../pipeline/sync.js';
import { withWarehouse } from '../../pipeline/warehouse/warehouse.js';
import { loadModelRoles } from '../../pipeline/transform/model-roles.js';
import { DEMO_GA4, DemoWorld } from './demo-world.js';
import { LINKEDIN_ACCOUNT_ID } from '../world/linkedin.js';

export interface DemoOptions {
  readonly dir: string;
  readonly seed: number;
  readonly people: number;
  readonly days: number;
  readonly log: (config: TributaryConfig) => Logger;
  readonly onEvent?: (run: 1 | 2, e: SyncEvent) => void;
  readonly onRunDone?: (run: 1 | 2, result: SyncResult) => void;
  /** Inject two 429s (HubSpot, LinkedIn Ads) and a 503 (Mailchimp) into the first run (default true). */
  readonly faults?: boolean;
  /**
   * Leave the mocks running after the demo (the result's `world`), so `tributary sync`
   * can be tried against the workspace; the caller closes them.
   */
  readonly keepServing?: boolean;
}

export interface DemoResult {
  readonly workspace: string;
  readonly configPath: string;
  readonly population: { people: number; companies: number; campaigns: number; webEvents: number };
  readonly runs: readonly SyncResult[];
  readonly changes: Record<string, unknown>;
  /** Customers found, and how many of them have an email. */
  readonly customers: { readonly total: number; readonly withEmail: number };
  /** Ground-truth people with a source record carrying an email or a valid phone, and those with an email. */
  readonly truthPeople: { readonly total: number; readonly withEmail: number };
  /**
   * CRM records (HubSpot, Salesforce) with no email: how many phone matching tied to a customer's other
   * records, and how many carry a number that no other record has (nothing to match).
   */
  readonly phoneOnlyContacts: { readonly total: number; readonly tiedByPhone: number; readonly numberNowhereElse: number };
  /** A (synthetic) person every source knows: what the summary suggests trying `forget` on. */
  readonly sampleEmail: string | null;
  readonly identity: { precision: number; recall: number; f1: number; records: number };
  /** Links between source records (identity_links) by type, and the pairs the probabilistic matching compared. */
  readonly links: { deterministic: number; probabilistic: number; comparisons: number };
  readonly durationMs: number;
  /** The running mocks, when `keepServing` was asked for. */
  readonly world?: DemoWorld;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const workspace = resolve(options.dir);
  prepareWorkspace(workspace);

  const population = generatePopulation({ seed: options.seed, people: options.people, days: options.days });
  const world = await DemoWorld.start(population, workspace);
  let serving = false;
  try {
    const configPath = writeWorkspace(workspace, world, population);
    const config = loadConfig(configPath);
    const log = options.log(config);

    if (options.faults ?? true) {
      world.mocks.hubspot.faults.inject({ kind: 'rate_limit', times: 1, retryAfterSeconds: 1, path: '/search' });
      world.mocks.mailchimp.faults.inject({ kind: 'server_error', times: 1, status: 503, path: '/members' });
      // LinkedIn throttles with a bare 429 (no Retry-After): the client's backoff paces the retry
      world.mocks.linkedinAds.faults.inject({ kind: 'rate_limit', times: 1, path: '/rest/adAnalytics' });
    }
    const first = await sync({ config, log, command: 'demo sync (full)', onEvent: (e) => options.onEvent?.(1, e) });
    options.onRunDone?.(1, first);

    // One day passes at the sources: ~1 % of records change, new events arrive.
    const before = population.web.events.length;
    const nextDay = new Date(Date.parse(population.asOf) + 86_400_000).toISOString();
    const changes = applyDailyChanges(population, { seed: options.seed + 1, at: nextDay });
    await world.restart(population.web.events.slice(before));
    const second = await sync({ config, log, command: 'demo sync (incremental)', onEvent: (e) => options.onEvent?.(2, e) });
    options.onRunDone?.(2, second);

    const roles = await loadModelRoles(config.modelsDir);
    const [customersRel, identitiesRel, nodesRel, componentsRel, linksRel] = (['customers', 'customer_identities', 'identity_nodes', 'identity_components', 'identity_links'] as const).map((r) => roles.require(r));
    const pairsRel = roles.relation('identity_candidate_pairs');
    const { customers, phoneOnlyContacts, predicted, sampleEmail, links } = await withWarehouse(
      config.warehousePath,
      async (wh) => {
        const [c] = await wh.all(`select count(*) as n, count(email) as with_email from ${customersRel}`);
        const [p] = await wh.all(
          `select count(*) as n,
                  count(*) filter (where c.match_rule = 'phone') as tied,
                  count(*) filter (where n.phone_e164 is not null and not exists (
                      select 1 from ${nodesRel} as o
                       where o.phone_e164 = n.phone_e164 and o.identity_key <> n.identity_key)) as alone
             from ${nodesRel} as n
             join ${componentsRel} as c using (identity_key)
            where n.source in ('hubspot', 'salesforce') and n.email_normalized is null`,
        );
        const ids = await wh.all(`select source, source_kind, source_record_id, customer_id from ${identitiesRel} where customer_id is not null`);
        const [sample] = await wh.all(`select email from ${customersRel} where len(source_systems) = 3 and email is not null order by customer_id limit 1`);
        const [l] = await wh.all(
          `select count(*) filter (where link_type = 'deterministic') as deterministic,
                  count(*) filter (where link_type = 'probabilistic') as probabilistic
             from ${linksRel}`,
        );
        const [cmp] = pairsRel === undefined ? [] : await wh.all(`select count(*) as n from ${pairsRel}`);
        return {
          links: { deterministic: Number(l?.deterministic ?? 0), probabilistic: Number(l?.probabilistic ?? 0), comparisons: Number(cmp?.n ?? 0) },
          customers: { total: Number(c?.n ?? 0), withEmail: Number(c?.with_email ?? 0) },
          phoneOnlyContacts: { total: Number(p?.n ?? 0), tiedByPhone: Number(p?.tied ?? 0), numberNowhereElse: Number(p?.alone ?? 0) },
          predicted: new Map(ids.map((r) => [`${r.source}|${r.source_kind}|${r.source_record_id}`, String(r.customer_id)])),
          sampleEmail: sample ? String(sample.email) : null,
        };
      },
      { readOnly: true },
    );
    const truth = [...population.truth, ...world.salesforce.truth, ...world.klaviyo.truth, ...world.eventLeads.truth];
    const score = scoreIdentity(truth, predicted);
    const peopleOf = (keep: (t: TruthEntry) => boolean) => new Set(truth.filter(keep).map((t) => t.personId)).size;
    const result: DemoResult = {
      workspace,
      configPath,
      population: {
        people: population.people.length,
        companies: population.companies.length,
        campaigns: population.campaigns.length,
        webEvents: population.web.events.length,
      },
      runs: [first, second],
      changes: changes as unknown as Record<string, unknown>,
      customers,
      truthPeople: { total: peopleOf(isScored), withEmail: peopleOf((t) => t.reachableByEmail) },
      phoneOnlyContacts,
      sampleEmail,
      identity: { precision: score.precision, recall: score.recall, f1: score.f1, records: score.records },
      links,
      durationMs: Date.now() - started,
      ...(options.keepServing ? { world } : {}),
    };
    serving = options.keepServing ?? false;
    return result;
  } finally {
    if (!serving) await world.close();
  }
}

/** Marks a folder as made by `tributary demo`: only such a folder is ever wiped. */
const MARKER = '.tributary-demo';

/** Whether `dir` is a workspace `tributary demo` made (its sources are the demo's mocks). */
export function isDemoWorkspace(dir: string): boolean {
  return existsSync(join(dir, MARKER));
}

/**
 * Starts the workspace clean so two demos never mix — but only ever deletes a folder the
 * demo made itself (it holds the marker). `--dir .` or `--dir ~` must never wipe a home.
 */
function prepareWorkspace(workspace: string): void {
  if (existsSync(workspace)) {
    const entries = readdirSync(workspace);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new ConfigError(`refusing to use ${workspace} for the demo: it is not empty and was not made by \`tributary demo\``, {
        hint: 'pick another folder with --dir (the demo deletes and recreates its workspace on every run)',
      });
    }
    rmSync(workspace, { recursive: true, force: true });
  }
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, MARKER), 'This folder was made by `tributary demo`, which deletes and recreates it on every run.\n');
}

/** Writes tributary.yml and .env for the running mocks; returns the config path. */
function writeWorkspace(workspace: string, world: DemoWorld, pop: Population): string {
  const start = new Date(Date.parse(pop.asOf) - 120 * 86_400_000).toISOString().slice(0, 10);
  const nextDay = new Date(Date.parse(pop.asOf) + 86_400_000).toISOString().slice(0, 10);
  const yaml = `# Demo workspace written by \`tributary demo\`. Sources are loopback mocks started by the
# demo; they stop when it ends, so \`sync\` with this file needs \`tributary demo\` running.
# Secrets come from the environment or .env beside this file, never from here.
version: 1
warehouse: warehouse.duckdb
analytics: analytics.duckdb
control_plane: tributary.db
log_level: info
sync:
  batch_size: 5000
sources:
  hubspot:
    type: hubspot
    access_token: \${HUBSPOT_TOKEN}
    base_url: ${world.mocks.hubspot.url}
  salesforce:
    type: salesforce
    access_token: \${SALESFORCE_TOKEN}
    instance_url: ${world.mocks.salesforce.url}
  mailchimp:
    type: mailchimp
    api_key: \${MAILCHIMP_API_KEY}
    base_url: ${world.mocks.mailchimp.url}
  meta_ads:
    type: meta-ads
    access_token: \${META_ACCESS_TOKEN}
    base_url: ${world.mocks.metaAds.url}
    account_ids: [${[...new Set(pop.metaAds.campaigns.map((c) => c.accountId))].join(', ')}]
    start_date: '${start}'
  ga4:
    type: ga4
    property_id: '${DEMO_GA4.propertyId}'
    client_email: ${DEMO_GA4.clientEmail}
    private_key: \${GA4_PRIVATE_KEY}
    base_url: ${world.mocks.ga4.url}
    token_uri: ${world.mocks.ga4.url}/token
    start_date: '${start}'
    # The demo's world keeps its own calendar: its "today" is the day of the second sync.
    end_date: '${nextDay}'
  web:
    type: web-events
    path: ${relative(workspace, world.eventsDir) || '.'}
  klaviyo:
    # a declarative connector shipped with Tributary (connectors/declarative/shipped/klaviyo.yaml)
    type: klaviyo
    api_key: \${KLAVIYO_API_KEY}
    base_url: ${world.mocks.klaviyo.url}/api
  event_leads:
    # the events agency's lead lists: a folder of CSV files, read by DuckDB, new files picked up incrementally
    type: files
    tables:
      event_leads:
        path: ${relative(workspace, world.leadsDir)}
        format: csv
        columns: { name: string, email: string, company: string, phone: string, event: string, date: date }
        primary_key: [email, event]
        pii: { name: name, email: email, phone: phone }
  linkedin_ads:
    # shipped declarative connector: OAuth2 refresh-token flow, Rest.li queries
    type: linkedin-ads
    client_id: \${LINKEDIN_CLIENT_ID}
    client_secret: \${LINKEDIN_CLIENT_SECRET}
    refresh_token: \${LINKEDIN_REFRESH_TOKEN}
    account_id: ${LINKEDIN_ACCOUNT_ID}
    base_url: ${world.mocks.linkedinAds.url}
    token_url: ${world.mocks.linkedinAds.url}/oauth/v2/accessToken
    start_year: ${start.slice(0, 4)}
    start_month: ${Number(start.slice(5, 7))}
    start_day: ${Number(start.slice(8, 10))}
  organic_social:
    type: organic_social
    access_token: \${ORGANIC_SOCIAL_TOKEN}
    base_url: ${world.mocks.organicSocial.url}
    page_id: '${world.organicSocial.pageId}'
    ig_user_id: '${world.organicSocial.igUserId}'
governance:
  masking:
    email: partial
    phone: partial
    name: redact
`;
  const configPath = join(workspace, 'tributary.yml');
  writeFileSync(configPath, yaml);
  writeFileSync(
    join(workspace, '.env'),
    `# Credentials of the demo's loopback mocks (they open nothing else).\n${Object.entries(world.credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    // Owner-only, like any file of secrets: the first sync adds the workspace's pseudonym key to it.
    { mode: 0o600 },
  );
  return configPath;
}
