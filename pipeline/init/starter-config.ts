/**
 * The init task (`tributary init <sources…>`): a starter tributary.yml for the named
 * connector types, every secret a `${VAR}` placeholder, every option commented, and a
 * .env.example listing the variables to fill in. It never overwrites either file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../core/index.js';
import { shippedDeclarativeDefinitions } from '../../connectors/declarative/index.js';
import { declarativeStarter, type Starter } from './declarative-starter.js';

/** The code connectors' blocks, written by hand; the shipped YAML ones come from their definitions. */
const CODE_STARTERS: Readonly<Record<string, Starter>> = {
  hubspot: {
    id: 'hubspot',
    block: `  hubspot:
    type: hubspot
    access_token: \${HUBSPOT_TOKEN}       # private-app token with crm.objects.*.read scopes
    # start_date: 2025-01-01             # earliest modification on the first run
    # streams: [contacts, companies, deals]
`,
    env: [{ name: 'HUBSPOT_TOKEN', comment: 'HubSpot private-app access token (Settings → Integrations → Private apps)' }],
  },
  salesforce: {
    id: 'salesforce',
    block: `  salesforce:
    type: salesforce
    # the OAuth2 refresh flow (the token response names the instance) …
    client_id: \${SF_CLIENT_ID}
    client_secret: \${SF_CLIENT_SECRET}
    refresh_token: \${SF_REFRESH_TOKEN}
    # login_url: https://test.salesforce.com   # for sandboxes
    # … or an access token with its instance:
    # instance_url: https://acme.my.salesforce.com
    # access_token: \${SF_ACCESS_TOKEN}
`,
    env: [
      { name: 'SF_CLIENT_ID', comment: 'Salesforce connected app consumer key' },
      { name: 'SF_CLIENT_SECRET', comment: 'Salesforce connected app consumer secret' },
      { name: 'SF_REFRESH_TOKEN', comment: 'Salesforce OAuth2 refresh token of the integration user' },
    ],
  },
  mailchimp: {
    id: 'mailchimp',
    block: `  mailchimp:
    type: mailchimp
    api_key: \${MAILCHIMP_API_KEY}       # <key>-<dc>, e.g. …-us21
    # start_date: 2025-01-01
`,
    env: [{ name: 'MAILCHIMP_API_KEY', comment: 'Mailchimp API key (Account → Extras → API keys), ending in -<dc>' }],
  },
  'meta-ads': {
    id: 'meta_ads',
    block: `  meta_ads:
    type: meta-ads
    access_token: \${META_ACCESS_TOKEN}  # system-user token with ads_read
    account_ids: [act_0000000000]        # your ad account ids
    start_date: 2025-01-01               # required: first day of insights
`,
    env: [{ name: 'META_ACCESS_TOKEN', comment: 'Meta system-user access token with ads_read' }],
  },
  ga4: {
    id: 'ga4',
    block: `  ga4:
    type: ga4
    property_id: \${GA4_PROPERTY_ID}      # numeric, with or without properties/
    client_email: \${GA4_CLIENT_EMAIL}    # the service account's (…@….iam.gserviceaccount.com)
    private_key: \${GA4_PRIVATE_KEY}      # its PEM key, newlines as \\n as in the JSON key file
    start_date: 2025-01-01               # required: first day of the report
`,
    env: [
      { name: 'GA4_PROPERTY_ID', comment: 'GA4 property id (Admin → Property details), the service account added as Viewer' },
      { name: 'GA4_CLIENT_EMAIL', comment: 'client_email of the service account JSON key' },
      { name: 'GA4_PRIVATE_KEY', comment: 'private_key of the service account JSON key, on one line with \\n' },
    ],
  },
  'web-events': {
    id: 'web',
    block: `  web:
    type: web-events
    path: events                         # folder of Segment-spec *.jsonl files, relative to this file
`,
    env: [],
  },
  files: {
    id: 'files',
    block: `  files:
    type: files
    tables:
      leads:
        path: drops/*.csv                # a folder or a glob: CSV, JSONL/NDJSON or Parquet
        columns: { email: string, name: string }
        pii: { email: email, name: name }
        # kind: event_leads              # an event-lead list (needs name, email, company, phone, event, date)
`,
    env: [],
    folders: ['drops'],
  },
};

let starters: Readonly<Record<string, Starter>> | undefined;
function allStarters(): Readonly<Record<string, Starter>> {
  starters ??= { ...CODE_STARTERS, ...Object.fromEntries(shippedDeclarativeDefinitions().map((d) => [d.definition.name, declarativeStarter(d)])) };
  return starters;
}

export function starterTypes(): string[] {
  return Object.keys(allStarters()).sort();
}

export interface InitResult {
  readonly config: string;
  readonly envExample: string;
  readonly variables: readonly string[];
}

export function initWorkspace(options: { dir: string; types: readonly string[] }): InitResult {
  const STARTERS = allStarters();
  const unknown = options.types.filter((t) => !STARTERS[t]);
  if (options.types.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      options.types.length === 0 ? 'name the sources to start with' : `unknown source type${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`,
      { hint: `tributary init takes connector types: ${starterTypes().join(', ')} (a REST API without one: see "Declarative REST connectors" in README.md)` },
    );
  }
  const dir = resolve(options.dir);
  const config = join(dir, 'tributary.yml');
  const envExample = join(dir, '.env.example');
  const existing = [config, envExample].filter((f) => existsSync(f));
  if (existing.length > 0) {
    throw new ConfigError(`refusing to overwrite ${existing.join(' and ')}`, { hint: 'move it away first, or run init in another folder (--dir)' });
  }
  const starters = [...new Set(options.types)].map((t) => STARTERS[t]!);
  const yaml = `# Tributary workspace. Secrets are \${VAR} placeholders, read from the environment or
# from a .env file beside this one (copy .env.example to .env and fill it in; never
# commit it). Reference: "tributary.yml reference" in README.md.
version: 1
warehouse: warehouse.duckdb     # raw tables, models and stream state
analytics: analytics.duckdb     # the published, masked database analysts open
control_plane: tributary.db     # runs, lineage, PII tags, audit log (or a postgresql:// URL)
# models: ./my-dbt-project      # default: Tributary's own models
sync:
  batch_size: 5000              # rows per landing transaction
  retries: { max_attempts: 6, base_delay_ms: 250 }
sources:
${starters.map((s) => s.block).join('')}governance:
  masking: {}                   # PII tag → redact | hash | partial | none (defaults per tag)
`;
  const variables = starters.flatMap((s) => s.env);
  const env = `# Copy to .env (beside tributary.yml) and fill in; .env holds secrets: keep it out of version control.
${variables.map((v) => `# ${v.comment}\n${v.name}=\n`).join('')}`;
  mkdirSync(dir, { recursive: true });
  // 'wx': fails if the file appeared since the check above, so nothing is ever overwritten.
  writeFileSync(config, yaml, { flag: 'wx' });
  writeFileSync(envExample, env, { flag: 'wx' });
  // the folder a files stanza reads, so `check` passes before the first file is dropped in
  for (const folder of starters.flatMap((s) => s.folders ?? [])) mkdirSync(join(dir, folder), { recursive: true });
  return { config, envExample, variables: variables.map((v) => v.name) };
}
