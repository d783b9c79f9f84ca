/**
 * Stream state: the saved cursor per (source, stream) in `_tributary.stream_state`.
 *
 * Kept apart from the landing (raw-table.ts) because reading a cursor is the extract's
 * business and writing one is the landing's. The rule that ties them stays with the
 * landing: `writeState` is called only inside `RawTable.land`'s transaction, so a batch
 * and the cursor that covers it commit (or roll back) together. Do not call it on its own.
 */
import type { StreamState } from '../../connectors/sdk/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export async function readState(wh: Warehouse, sourceId: string, stream: string): Promise<StreamState | undefined> {
  const rows = await wh.all(`select state::varchar as state from _tributary.stream_state where source_id = $1 and stream = $2`, [sourceId, stream]);
  return rows[0] ? (JSON.parse(String(rows[0].state)) as StreamState) : undefined;
}

export async function writeState(wh: Warehouse, sourceId: string, stream: string, state: StreamState, runId: string): Promise<void> {
  await wh.run(
    `insert into _tributary.stream_state values ($1, $2, $3::json, $4, now())
     on conflict (source_id, stream) do update set state = excluded.state, run_id = excluded.run_id, updated_at = excluded.updated_at`,
    [sourceId, stream, JSON.stringify(state), runId],
  );
}
