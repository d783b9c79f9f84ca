/**
 * Every connector Tributary ships, by its `type:` in tributary.yml. Adding a code
 * source is adding a folder under connectors/ and one line here; a declarative one is a
 * YAML file in connectors/declarative/shipped/.
 */
import type { AnyConnector } from './sdk/index.js';
import { shippedDeclarativeConnectors } from './declarative/shipped.js';
import { filesConnector } from './files/index.js';
import { ga4Connector } from './ga4/index.js';
import { hubspotConnector } from './hubspot/index.js';
import { mailchimpConnector } from './mailchimp/index.js';
import { metaAdsConnector } from './meta-ads/index.js';
import { salesforceConnector } from './salesforce/index.js';
import { webEventsConnector } from './web-events/index.js';

const CODE_CONNECTORS: readonly AnyConnector[] = [filesConnector, ga4Connector, hubspotConnector, mailchimpConnector, metaAdsConnector, salesforceConnector, webEventsConnector];

let connectors: ReadonlyMap<string, AnyConnector> | undefined;
/** Built on first use: the shipped YAML definitions are files read at run time. */
function registry(): ReadonlyMap<string, AnyConnector> {
  connectors ??= new Map<string, AnyConnector>([...CODE_CONNECTORS, ...(shippedDeclarativeConnectors() as readonly AnyConnector[])].map((c) => [c.type, c]));
  return connectors;
}

export function connectorFor(type: string): AnyConnector | undefined {
  return registry().get(type);
}

export function connectorTypes(): string[] {
  return [...registry().keys()].sort();
}

export function allConnectors(): AnyConnector[] {
  return [...registry().values()];
}
