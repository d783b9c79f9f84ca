/**
 * vitest global setup: compile the product into dist/ before any test runs, because the
 * CLI tests spawn `bin/tributary.js` — the compiled CLI a user runs — and must see the
 * sources as they are now, not as the last `npm install` built them. Incremental, so
 * an up-to-date dist/ costs a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeSharedDemo } from '../helpers/demo-workspace.js';

export default function setup(): () => void {
  // Names this run's shared fixtures (tests/helpers/demo-workspace.ts); workers inherit it.
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  process.env.TRIBUTARY_TEST_RUN = run;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // A checkout that got prisma/postgres/schema.prisma by a merge, without an `npm install`
  // since, lacks its generated client (postinstall makes it): make it, offline, as postinstall does.
  if (!existsSync(join(root, 'pipeline', 'control-plane', 'generated-postgres', 'client.ts'))) {
    const prisma = createRequire(import.meta.url).resolve('prisma/build/index.js');
    execFileSync(process.execPath, [prisma, 'generate', '--schema', 'prisma/postgres/schema.prisma'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: './prisma/no-schema-engine.sh' },
    });
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  return () => removeSharedDemo(run);
}
