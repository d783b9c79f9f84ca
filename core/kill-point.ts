/**
 * Crash tests' hook: `TRIBUTARY_TEST_KILL_AT=<point>` (or `<point>#<n>`, the n-th time)
 * makes the process SIGKILL itself when it reaches `killPoint('<point>')`, so a test can
 * stop a real run between two exact steps (after a transaction committed, before the
 * file rename that follows it) instead of guessing with timers. Without the variable a
 * kill point is one environment lookup and does nothing.
 *
 * @example
 * ```ts
 * renameSync(tmp, ready);
 * killPoint('compact:ready'); // TRIBUTARY_TEST_KILL_AT=compact:ready stops here
 * ```
 */
const reached = new Map<string, number>();

export function killPoint(point: string): void {
  const spec = process.env.TRIBUTARY_TEST_KILL_AT;
  if (!spec) return;
  const [name, nth] = spec.split('#');
  if (name !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  // A signal sent to oneself is delivered before kill() returns: nothing after this runs.
  if (count >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
