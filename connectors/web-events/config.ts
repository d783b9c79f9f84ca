/**
 * Web events source config: a folder of Segment-spec JSONL files (one event per
 * line), as written by a Segment/RudderStack file destination or our own collector.
 * A relative `path` is resolved by the pipeline against the config file's folder.
 *
 * @example
 * ```yaml
 * - name: web
 *   type: web-events
 *   path: ./data/web-events
 * ```
 */
import { z } from 'zod';

export const webEventsConfigSchema = z.strictObject({
  /** Directory holding `*.jsonl` files; read in file-name order. */
  path: z.string().min(1, 'path is empty'),
  /** Lines per batch; the pipeline's batch size when absent. */
  batch_size: z.number().int().min(1).max(1_000_000).optional(),
});

export type WebEventsConfig = z.output<typeof webEventsConfigSchema>;
