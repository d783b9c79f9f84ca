/**
 * `tributary sync` on an interactive terminal (a pseudo-terminal from util-linux's
 * `script`, as an operator's shell would give it) draws live progress: per stream its
 * rows, rate and — once a run has read the stream before — an ETA, and the build's
 * models done/total. Piped (cron, CI, a log file) it prints the plain lines only: no
 * bars, no terminal escapes. Neither shows a secret.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, type CliResult } from '../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../helpers/world.js';

let tw: TestWorld;
let config: string;
let piped: CliResult;
let terminal: CliResult;

/** Runs `tributary <args>` with stdin, stdout and stderr on a pseudo-terminal; the terminal's output is `stdout`. */
function runOnTerminal(args: readonly string[]): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...tw.env, COLUMNS: '160', LINES: '40', TERM: 'xterm' };
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  tw = await startTestWorld({ people: 100, days: 7 });
  config = tw.writeConfig({ sources: ['hubspot', 'web'], hubspotPageSize: 20, batchSize: 20 });
  // Pages answered a little late: a stream runs long enough to be drawn more than once.
  tw.world.mocks.hubspot.faults.inject({ kind: 'slow', delayMs: 15, times: Infinity });
  // Piped first (as cron runs it); its counts are what the terminal run's ETAs estimate from.
  piped = await runCli(['sync', '--config', config, '--extract-only'], { env: tw.env });
  terminal = await runOnTerminal(['sync', '--config', config]);
}, 180_000);
afterAll(async () => {
  await tw?.close();
});

const secrets = () => Object.values(tw.env).filter((v) => v.length >= 6);

describe('live progress', () => {
  it('on a terminal: rows, rate and an ETA per stream while extracting, models done/total while building', () => {
    expect(terminal.code, terminal.stdout).toBe(0);
    // hubspot.contacts was read before: a bar against its last count, and an ETA.
    expect(terminal.stdout).toMatch(/hubspot\.contacts\s+[█░]+ [\d,]+ \/ [\d,]+ rows\s+[\d,]+ rows\/s\s+ETA \d/);
    expect(terminal.stdout).toMatch(/build\s+[█░]+ \d+\/\d+ models/);
    // The bars are redrawn in place, and the result lines still come out whole.
    expect(terminal.stdout).toContain('\x1b[');
    expect(terminal.stdout).toMatch(/ok {3}hubspot\.contacts: \d+ read/);
    expect(terminal.stdout).toMatch(/\d+ of \d+ models built/);
    for (const secret of secrets()) expect(terminal.stdout).not.toContain(secret);
  });

  it('piped: the plain lines only, no bars and no terminal escapes', () => {
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toMatch(/ok {3}hubspot\.contacts: \d+ read/);
    expect(piped.stderr).not.toMatch(/rows\/s|ETA|[█░]|\x1b\[/);
    for (const secret of secrets()) expect(piped.stderr).not.toContain(secret);
  });
});
