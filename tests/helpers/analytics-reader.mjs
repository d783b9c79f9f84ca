// An analyst's process reading analytics.duckdb in a loop while a sync runs, as a BI
// tool or a notebook does: one connection opened at the start and held for the whole
// life of the process, plus a fresh read-only open per round. Each round prints one
// JSON line: what each connection saw (a fingerprint of several tables, read in one
// statement) or the error. SIGTERM ends the loop after the round in flight.
// Plain .mjs, run by node directly: the child must not depend on the test's compiler.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const FINGERPRINT = `select
  (select count(*) from customers) as customers,
  (select count(*) from customer_identities) as identities,
  (select count(*) from customer_identities where customer_id not in (select customer_id from customers)) as orphans,
  (select count(*) from information_schema.tables where table_schema = 'main') as tables`;

const open = async () => {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  return { instance, conn: await instance.connect() };
};
const fingerprint = async (conn) => {
  const [row] = (await conn.runAndReadAll(FINGERPRINT)).getRowObjectsJson();
  return `${row.customers}/${row.identities}/${row.orphans}/${row.tables}`;
};
const describe = (error) => (error instanceof Error ? error.message : String(error));

let stopping = false;
process.on('SIGTERM', () => (stopping = true));

const held = await open();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
while (!stopping) {
  const line = {};
  try {
    line.held = await fingerprint(held.conn);
  } catch (error) {
    line.heldError = describe(error);
  }
  try {
    const fresh = await open();
    try {
      line.fresh = await fingerprint(fresh.conn);
    } finally {
      fresh.conn.closeSync();
      fresh.instance.closeSync();
    }
  } catch (error) {
    line.freshError = describe(error);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
held.conn.closeSync();
held.instance.closeSync();
