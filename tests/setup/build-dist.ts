/**
 * vitest global setup: compile the product into dist/ before any test runs, because the
 * CLI tests spawn `bin/tributary.js` — the compiled CLI a user runs — and must see the
 * sources as they are now, not as the last `npm install` built them. Incremental, so
 * an up-to-date dist/ costs a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
