/**
 * The `tributary` program. Each command lives in ./commands/<name>.ts; this
 * file only assembles them and turns every outcome into an exit code:
 * 0 ok, 1 run failed, 2 bad usage or config.
 */
import { Command, CommanderError } from 'commander';
import { registerDbtCommands } from './commands/dbt.js';
import { registerDemo } from './commands/demo.js';
import { registerDocs } from './commands/docs.js';
import { registerForget } from './commands/forget.js';
import { registerLineage } from './commands/lineage.js';
import { registerPii } from './commands/pii.js';
import { registerQuery } from './commands/query.js';
import { registerRuns } from './commands/runs.js';
import { registerSync } from './commands/sync.js';
import { EXIT, activeRedactor, reportError } from './context.js';

export function buildProgram(): Command {
  const program = new Command('tributary')
    .description('Unify marketing data (CRM, email, paid social, web) into one governed customer/campaign schema in DuckDB.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerDemo, registerSync, registerQuery, registerLineage, registerPii, registerRuns, registerForget, registerDocs, registerDbtCommands]) register(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "successfully"; everything else is bad usage.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, activeRedactor());
  }
}

