/**
 * `tributary init <types…>`: writes a starter tributary.yml and .env.example for the
 * named connector types (pipeline/init/starter-config.ts); refuses to overwrite.
 */
import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter tributary.yml and .env.example for these sources (e.g. hubspot mailchimp meta-ads); never overwrites')
    .argument('<types...>', 'connector types, e.g. hubspot klaviyo linkedin-ads organic_social files (an unknown one lists them all)')
    .option('--dir <folder>', 'where to write them', '.')
    .action(async (types: string[], opts: { dir: string }) => {
      const { initWorkspace } = await import('../../pipeline/init/starter-config.js');
      const result = initWorkspace({ dir: opts.dir, types });
      process.stdout.write(`wrote ${result.config}\nwrote ${result.envExample}\n`);
      if (result.variables.length > 0) process.stdout.write(`next: copy .env.example to .env and set ${result.variables.join(', ')}; then \`tributary check\`\n`);
      else process.stdout.write('next: `tributary check`\n');
    });
}
