/**
 * What every bench shares: flag parsing, medians, the machine description, and the
 * "run me alone" entry point that prints one JSON document. Benches report numbers;
 * they never decide pass/fail by timing inside a test.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Where the numbers came from: results on a 2-core shared box are not comparable to a laptop's. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemMiB: number;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds to `digits` decimals, so the JSON stays readable. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Peak resident set size of this process so far, in KiB (Linux reports maxRSS in KiB). */
export function peakRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

/**
 * Reads integer flags (`--rows 100000`, `--repeat 3`), each with a default.
 * Unknown flags are an error: a typo must not silently run the default size.
 */
export function integerFlags<K extends string>(argv: readonly string[], defaults: Record<K, number>): Record<K, number> {
  const options = Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const raw = (values as Record<string, string | undefined>)[key];
    if (raw === undefined) continue;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${key} must be a positive integer, got ${raw}`);
    out[key] = n;
  }
  return out;
}

/** True when `moduleUrl` is the script node was started with (`npx tsx bench/landing.ts`). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/** Runs a bench as a script: prints its JSON result, exits 1 with the message on failure. */
export function runAsScript(fn: () => Promise<unknown>): void {
  fn().then(
    (result) => {
      process.stdout.write(`${JSON.stringify({ machine: machineInfo(), results: [result] }, null, 2)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
