/**
 * Reads a connector stream to its end the way the pipeline drives it (the state after
 * it is the last batch's), for connector tests that talk to a loopback mock.
 */
import type { Logger } from '../../core/index.js';
import type { Batch, HttpClient, JsonRecord, Stream, StreamState } from '../../connectors/sdk/index.js';
import { silentLogger } from '../../core/index.js';

export interface ReadResult {
  readonly batches: Batch[];
  readonly records: JsonRecord[];
  readonly deleted: JsonRecord[];
  readonly state: StreamState | undefined;
  readonly http: HttpClient;
}

export async function readAll<C>(stream: Stream<C>, config: C, http: HttpClient, state?: StreamState, log: Logger = silentLogger()): Promise<ReadResult> {
  const batches: Batch[] = [];
  const ctx = { config, http, log, signal: new AbortController().signal, batchSize: 1000 };
  for await (const batch of stream.read(state, ctx)) batches.push(batch);
  return {
    batches,
    records: batches.flatMap((b) => b.records),
    deleted: batches.flatMap((b) => b.deleted ?? []),
    state: batches.at(-1)?.state ?? state,
    http,
  };
}
