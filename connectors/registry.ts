/**
 * Every connector Tributary ships, by its `type:` in tributary.yml. Adding a source
 * is adding a folder under connectors/ and one line here.
 */
import type { AnyConnector } from './sdk/index.js';
import { packagePath } from '../core/paths.js';
import { declarativeConnector } from './declarative/index.js';
import { filesConnector } from './files/index.js';
import { ga4Connector } from './ga4/index.js';
import { hubspotConnector } from './hubspot/index.js';
import { mailchimpConnector } from './mailchimp/index.js';
import { metaAdsConnector } from './meta-ads/index.js';
import { salesforceConnector } from './salesforce/index.js';
import { webEventsConnector } from './web-events/index.js';

/** Sources shipped as a YAML definition (a new tool is a file): built like any declarative connector. */
const organicSocialConnector = declarativeConnector(packagePath('connectors', 'organic-social', 'organic-social.yaml'));

const CONNECTORS: ReadonlyMap<string, AnyConnector> = new Map<string, AnyConnector>(
  [filesConnector, ga4Connector, hubspotConnector, mailchimpConnector, metaAdsConnector, organicSocialConnector, salesforceConnector, webEventsConnector].map((c) => [c.type, c]),
);

export function connectorFor(type: string): AnyConnector | undefined {
  return CONNECTORS.get(type);
}

export function connectorTypes(): string[] {
  return [...CONNECTORS.keys()].sort();
}

export function allConnectors(): AnyConnector[] {
  return [...CONNECTORS.values()];
}
