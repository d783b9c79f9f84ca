/**
 * Entry point of `tributary` (bin/tributary.js loads the compiled copy in dist/).
 * Exit codes: 0 ok, 1 run failed, 2 bad usage or config.
 */
import { main } from './program.js';

const code = await main(process.argv.slice(2));
// The command is over: nothing left running (a socket a source holds open, a handle a
// dependency forgot) may keep a cron job alive. Output is flushed first.
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
