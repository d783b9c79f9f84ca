/**
 * The test-size demo workspace (`tributary demo --people 200 --days 7 --no-faults`), made
 * once per `vitest run` and copied into each test file that asks for one. Five files used
 * to make the same demo each (about 20 s apiece on CI's two cores) only to read it.
 *
 * The copy is the file's own: it may sync, forget or publish without touching the others.
 * Sharing crosses processes (vitest runs files in forked workers), so the first asker makes
 * the demo in a folder named by the run (tests/setup/build-dist.ts sets
 * TRIBUTARY_TEST_RUN) while the others wait for its `done` marker. Outside a vitest run
 * (no TRIBUTARY_TEST_RUN) every call makes its own demo.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './workspace.js';

export interface DemoWorkspace {
  /** The workspace folder (its tributary.yml, warehouse, analytics file, .env). */
  readonly dir: string;
  readonly config: string;
  /** What the demo printed when it was made. */
  readonly demo: Pick<CliResult, 'code' | 'stdout' | 'stderr'>;
}

const ARGS = ['--people', '200', '--days', '7', '--no-faults'];
const WAIT_MS = 240_000;

/** A fresh copy of the shared demo workspace at `dest` (created; must not exist yet). */
export async function demoWorkspace(dest: string): Promise<DemoWorkspace> {
  const run = process.env.TRIBUTARY_TEST_RUN;
  if (run === undefined) return made(dest, await runCli(['demo', '--dir', dest, ...ARGS]));
  const cache = join(tmpdir(), `tributary-test-demo-${run}`);
  const done = join(cache, 'done.json');
  let mine = false;
  try {
    mkdirSync(cache); // atomic: exactly one file of the run makes the demo
    mine = true;
  } catch {
    // Another file is making it (or made it): wait below.
  }
  if (mine) {
    const demo = await runCli(['demo', '--dir', join(cache, 'demo'), ...ARGS], { timeoutMs: WAIT_MS - 20_000 });
    writeFileSync(done, JSON.stringify({ code: demo.code, stdout: demo.stdout, stderr: demo.stderr }));
  } else {
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(done)) {
      if (Date.now() > deadline) throw new Error(`the shared demo workspace in ${cache} was not made within ${WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const demo = JSON.parse(readFileSync(done, 'utf8')) as DemoWorkspace['demo'];
  if (demo.code !== 0) return made(dest, demo);
  cpSync(join(cache, 'demo'), dest, { recursive: true });
  return made(dest, demo);
}

function made(dest: string, demo: DemoWorkspace['demo']): DemoWorkspace {
  if (demo.code !== 0) throw new Error(`tributary demo ${ARGS.join(' ')} failed (exit ${demo.code}):\n${demo.stderr}\n${demo.stdout}`);
  return { dir: dest, config: join(dest, 'tributary.yml'), demo };
}

/** Removes the run's shared demo (vitest global teardown). */
export function removeSharedDemo(run: string): void {
  rmSync(join(tmpdir(), `tributary-test-demo-${run}`), { recursive: true, force: true });
}
