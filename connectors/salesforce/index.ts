/**
 * Salesforce CRM source: contacts, leads, accounts, opportunities (with their contact
 * roles) and campaigns (with their members) through
 * jsforce 3 (SOQL queryAll + queryMore), with every request under the SDK's retry policy,
 * token refresh that cannot loop, and a stop before the org's daily API quota is spent.
 *
 * @example
 * ```ts
 * const config = salesforceConnector.configSchema.parse({ instance_url, access_token: process.env.SF_TOKEN });
 * const http = createHttpClient({ source: 'salesforce', profile: salesforceConnector.http!(config), classify: salesforceConnector.classify! });
 * for await (const batch of contactsStream.read(undefined, { config, http, log, signal, batchSize: 2000 })) { … }
 * ```
 */
import type { Connector, HttpProfile } from '../sdk/index.js';
import { describeSalesforceError, salesforceClassify } from './client.js';
import { REQUEST_TIMEOUT_MS } from './transport.js';
import { salesforceConfigSchema, type SalesforceConfig } from './config.js';
import { salesforceStreams } from './streams.js';

export { salesforceConfigSchema, type SalesforceConfig } from './config.js';
export {
  accountsStream,
  campaignMembersStream,
  campaignsStream,
  contactsStream,
  leadsStream,
  opportunitiesStream,
  opportunityContactRolesStream,
  salesforceStreams,
} from './streams.js';
export { describeSalesforceError, salesforceClassify, salesforceSession } from './client.js';

export const salesforceConnector: Connector<SalesforceConfig> = {
  type: 'salesforce',
  tablePrefix: 'salesforce',
  description: 'Salesforce CRM: contacts, leads, accounts, opportunities with contact roles, campaigns with members, incremental by SystemModstamp, deleted records as tombstones.',
  configSchema: salesforceConfigSchema,
  secretKeys: ['access_token', 'client_secret', 'refresh_token'],
  streams: salesforceStreams,
  classify: salesforceClassify,
  describe: describeSalesforceError,
  http(config: SalesforceConfig): HttpProfile {
    // jsforce sends the Authorization header itself (the token changes on refresh).
    return {
      baseURL: config.instance_url ?? config.login_url,
      // Salesforce limits concurrent long-running requests per org (25), not a rate.
      concurrency: 4,
      timeoutMs: REQUEST_TIMEOUT_MS,
    };
  },
};
