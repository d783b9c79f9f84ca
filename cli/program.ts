/**
 * The `tributary` program. Each command lives in ./commands/<name>.ts; this
 * file only assembles them and turns every outcome into an exit code:
 * 0 ok, 1 run failed, 2 bad usage or config.
 */
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerCheck } from './commands/check.js';
import { registerClassify } from './commands/classify.js';
import { registerConnector } from './commands/connector.js';
import { registerDbtCommands } from './commands/dbt.js';
import { registerDemo } from './commands/demo.js';
import { registerDocs } from './commands/docs.js';
import { registerForget } from './commands/forget.js';
import { registerIdentity } from './commands/identity.js';
import { registerInit } from './commands/init.js';
import { registerLineage } from './commands/lineage.js';
import { registerPii } from './commands/pii.js';
import { registerQuery } from './commands/query.js';
import { registerRuns } from './commands/runs.js';
import { registerSchedule } from './commands/schedule.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerWorker } from './commands/worker.js';
import { ConfigError } from '../core/index.js';
import { EXIT, activeRedactor, reportError } from './context.js';

export function buildProgram(): Command {
  const program = new Command('tributary')
    .description('Unify marketing data (CRM, email, paid social, web) into one governed customer/campaign schema in DuckDB.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .option('--actor <name>', 'who to record in the audit log for this command (default: $TRIBUTARY_ACTOR, else the OS user); put it before the command')
    // Program options only before the command: `audit --actor` is a filter, not who runs it.
    .enablePositionalOptions()
    .exitOverride();
  // Global, so every audited command names the same actor; the environment carries it to
  // everything the command calls (control-plane writes read TRIBUTARY_ACTOR).
  program.hook('preAction', (root) => {
    const actor = (root.opts() as { actor?: string }).actor;
    if (actor === undefined) return;
    if (actor.trim() === '') throw new ConfigError('--actor must name someone', { hint: 'e.g. --actor alice@acme.com' });
    process.env.TRIBUTARY_ACTOR = actor.trim();
  });
  const commands = [
    registerDemo,
    registerSync,
    registerQuery,
    registerLineage,
    registerIdentity,
    registerPii,
    registerClassify,
    registerRuns,
    registerStatus,
    registerSchedule,
    registerWorker,
    registerForget,
    registerDocs,
    registerAudit,
    registerInit,
    registerCheck,
    registerConnector,
    registerDbtCommands,
  ];
  for (const register of commands) register(program);
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

