/**
 * Web events: Segment-spec `page`, `track` and `identify` calls from a folder of JSONL
 * files. The identify call is what ties a browser (`anonymousId`) to a person
 * (`userId`, `traits.email`), so these records feed identity stitching as well as
 * touchpoints (`context.campaign` carries the UTM fields).
 *
 * @example
 * ```ts
 * const config = webEventsConnector.configSchema.parse({ path: '/data/web-events' });
 * for await (const batch of webEventsConnector.streams[0]!.read(undefined, ctx)) land(batch);
 * ```
 */
import type { Connector } from '../sdk/index.js';
import { webEventsConfigSchema, type WebEventsConfig } from './config.js';
import { eventsStream } from './streams.js';

export { webEventsConfigSchema, type WebEventsConfig } from './config.js';
export { parseEventLine, segmentEventSchema, type FileCursor, type WebEventsState } from './streams.js';

/** The web events connector (`type: web-events`, raw table `raw.web_events`). */
export const webEventsConnector: Connector<WebEventsConfig> = Object.freeze({
  type: 'web-events',
  tablePrefix: 'web',
  description: 'Segment-spec web events (page, track, identify) read from JSONL files.',
  configSchema: webEventsConfigSchema,
  secretKeys: [],
  streams: [eventsStream],
});
