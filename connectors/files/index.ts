/**
 * The files connector (`type: files`): agency lead lists, event attendees, offline
 * conversions or budget sheets dropped as CSV, JSONL/NDJSON or Parquet files, read by
 * DuckDB's own readers with declared types and PII tags. Its streams are the tables
 * the source block declares, so they come from `streamsFor(config)`.
 */
import type { Connector, Stream } from '../sdk/index.js';
import { filesConfigSchema, type FilesConfig } from './config.js';
import { tableStreams } from './streams.js';

export { filesConfigSchema, type FilesConfig } from './config.js';

export const filesConnector: Connector<FilesConfig> & { streamsFor(config: FilesConfig): readonly Stream<FilesConfig>[] } = Object.freeze({
  type: 'files',
  tablePrefix: 'files',
  description: 'Files: folders or globs of CSV, JSONL/NDJSON or Parquet, new or changed files read incrementally.',
  configSchema: filesConfigSchema,
  secretKeys: [],
  streams: [],
  streamsFor: tableStreams,
});
