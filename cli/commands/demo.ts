/**
 * `tributary demo` (what `npm start` runs): mocks of every source, seeded data, a
 * full sync, a day of changes and an incremental sync, then a summary with the
 * commands to try next.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import type { DemoResult } from '../../sandbox/demo/demo.js';
import { EXIT, ExitError, fileLogger } from '../context.js';
import { progressPrinter } from '../sync-report.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run Tributary end to end against loopback mocks of every source (no network)')
    .option('-d, --dir <dir>', 'workspace to (re)create', 'demo')
    .option('--seed <n>', 'random seed of the synthetic world', '42')
    .option('--people <n>', 'people in the synthetic world', '2000')
    .option('--days <n>', 'days of history', '60')
    .option('--no-faults', 'do not inject the 429 and 503 into the first run')
    .option('--serve', 'keep the mock sources running afterwards, to try `tributary sync` against them (Ctrl-C to stop)')
    .action(async (opts: { dir: string; seed: string; people: string; days: string; faults: boolean; serve?: boolean }) => {
      const { runDemo } = await import('../../sandbox/demo/demo.js');
      const out = process.stdout;
      const progress = progressPrinter(process.stderr);
      out.write('Tributary demo: synthetic HubSpot, Salesforce, Mailchimp, Klaviyo, Meta Ads, LinkedIn Ads, GA4, web and event-lead data on loopback mocks and files\n\n');
      const result = await runDemo({
        dir: opts.dir,
        seed: positiveInt(opts.seed, '--seed'),
        people: positiveInt(opts.people, '--people'),
        days: positiveInt(opts.days, '--days'),
        faults: opts.faults,
        keepServing: opts.serve ?? false,
        log: fileLogger,
        onRunDone: (run, r) => {
          if (r.status !== 'success') process.stderr.write(`run ${run} ${r.status}: ${r.error ?? ''}${r.hint ? `\nhint: ${r.hint}` : ''}\n`);
        },
        onEvent: (run, e) => {
          if (e.kind === 'stage' && e.stage === 'extract') out.write(run === 1 ? 'Run 1: full sync\n' : '\nRun 2: one day later, incremental sync\n');
          progress(e);
        },
      });
      printSummary(result);
      if (result.world) await serveUntilInterrupted(result.world, relative(process.cwd(), result.configPath));
      if (result.runs.some((r) => r.status !== 'success')) throw new ExitError(EXIT.failed, 'demo: a sync did not succeed (see above and demo/logs/tributary.log)');
    });
}

function printSummary(r: DemoResult): void {
  const ws = relative(process.cwd(), r.workspace) || '.';
  const cfg = relative(process.cwd(), r.configPath);
  const [first, second] = r.runs;
  const sum = (run: typeof first, key: 'rowsRead' | 'rowsInserted' | 'requests' | 'retries') => run?.streams.reduce((n, s) => n + s[key], 0) ?? 0;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    '',
    `Done in ${(r.durationMs / 1000).toFixed(1)} s. Workspace: ${ws}/`,
    '',
    `  World        ${r.population.people.toLocaleString('en-US')} people, ${r.population.companies} companies, ${r.population.campaigns} campaigns, ${r.population.webEvents.toLocaleString('en-US')} web events`,
    `  Run 1 (full) ${sum(first, 'rowsRead').toLocaleString('en-US')} records read, ${sum(first, 'rowsInserted').toLocaleString('en-US')} landed, ${sum(first, 'requests')} requests (${sum(first, 'retries')} retried after injected faults), ${((first?.durationMs ?? 0) / 1000).toFixed(1)} s`,
    `  Run 2 (incr) ${sum(second, 'rowsRead').toLocaleString('en-US')} records read, ${sum(second, 'rowsInserted').toLocaleString('en-US')} new or changed landed, ${((second?.durationMs ?? 0) / 1000).toFixed(1)} s`,
    `  Customers    ${n(r.customers.total)} (ground truth: ${n(r.truthPeople.total)} people); ${n(r.customers.withEmail)} with an email (ground truth: ${n(r.truthPeople.withEmail)})`,
    `  Identity     precision ${pct(r.identity.precision)}, recall ${pct(r.identity.recall)} over ${n(r.identity.records)} source records`,
    `  Links        ${n(r.links.deterministic)} deterministic (email, phone, web identify, CRM cross-reference), ${n(r.links.probabilistic)} probabilistic (of ${n(r.links.comparisons)} pairs compared)`,
    `  By phone     ${phoneLine(r.phoneOnlyContacts)}`,
    `  Published    ${ws}/analytics.duckdb (personal columns masked; ${ws}/warehouse.duckdb keeps clear values)`,
    '',
    'Try next:',
    `  npx tributary query --config ${cfg} "select customer_id, email, source_systems from customers limit 5"`,
    `  npx tributary query --config ${cfg} "select campaign_name, spend, revenue_first_touch, revenue_last_touch, revenue_linear, roas_linear from campaign_roi order by revenue_linear desc"`,
    `  npx tributary lineage --config ${cfg} customers.email`,
    `  npx tributary pii --config ${cfg}`,
    `  npx tributary runs --config ${cfg}`,
    ...(r.sampleEmail ? [`  npx tributary forget --config ${cfg} --email ${r.sampleEmail} --dry-run     (then --yes to erase them)`] : []),
    `  npx tributary demo --serve     (keeps the mock sources up, so \`tributary sync\` can run again)`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** What phone matching did for the CRM contacts that have no email. */
function phoneLine(p: DemoResult['phoneOnlyContacts']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const apart = p.total - p.tiedByPhone - p.numberNowhereElse;
  return (
    `${n(p.tiedByPhone)} of ${n(p.total)} CRM contacts without an email tied to a customer; ${n(p.numberNowhereElse)} have a number no other record carries` +
    (apart > 0 ? `; ${n(apart)} kept apart (a number shared by different emails, or none valid)` : '')
  );
}

/** Keeps the mocks up until Ctrl-C / SIGTERM, then closes them and returns. */
async function serveUntilInterrupted(world: { close(): Promise<void> }, config: string): Promise<void> {
  process.stdout.write(
    `\nThe mock sources keep running (--serve). In another terminal:\n  npx tributary sync --config ${config}\n  npx tributary runs --config ${config}\nCtrl-C here stops them.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await world.close();
  process.stdout.write('mock sources stopped\n');
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ExitError(EXIT.usage, `error: ${flag} must be a positive whole number, got "${value}"`);
  return n;
}
