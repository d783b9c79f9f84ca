/**
 * Where a worker lands a stream: with several workers the raw data lives beside the
 * workspace in `raw/<source>/<stream>/`, one DuckDB file per stream, so that workers on
 * different streams never wait for one another's write lock (one warehouse file takes
 * one writer). Inside, the landing is the sync's own: a batch and its cursor in one
 * transaction, `_record_hash` dedupe, so a worker killed mid-stream leaves whole batches
 * and the next one resumes from the last checkpoint.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TributaryConfig } from '../config/load-config.js';

export function streamLandingPath(config: Pick<TributaryConfig, 'dir'>, source: string, stream: string): string {
  return join(streamFolder(config, source, stream), 'landing.duckdb');
}

export function streamFolder(config: Pick<TributaryConfig, 'dir'>, source: string, stream: string): string {
  return join(config.dir, 'raw', source, stream);
}

export function ensureStreamFolder(config: Pick<TributaryConfig, 'dir'>, source: string, stream: string): string {
  const dir = streamFolder(config, source, stream);
  mkdirSync(dir, { recursive: true });
  return dir;
}
