/**
 * Entry point of `tributary` (bin/tributary.js loads the compiled copy in dist/).
 * Exit codes: 0 ok, 1 run failed, 2 bad usage or config.
 */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
