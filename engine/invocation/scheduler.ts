/**
 * Runs the nodes of a dbt invocation up to `slots` at a time, each as soon as the nodes
 * it depends on are done. Among the nodes ready at a moment, the one earliest in `order`
 * starts first, so one slot runs exactly `order` and several slots start nodes in an
 * order that depends only on which finished first. Each start gets a slot number (its
 * connection); no two running nodes share one.
 */

/**
 * @param order  a topological order of the nodes to run
 * @param depsOf what a node waits for; dependencies outside `order` count as done
 * @param start  runs one node on a slot (0-based); its rejection stops new starts, lets
 *               the running ones settle, and is rethrown
 * @example
 * ```ts
 * await runScheduled(['a', 'b', 'c'], (k) => (k === 'c' ? ['a'] : []), 2, async (k, slot) => build(k, conns[slot]));
 * ```
 */
export async function runScheduled(
  order: readonly string[],
  depsOf: (key: string) => readonly string[],
  slots: number,
  start: (key: string, slot: number) => Promise<void>,
): Promise<void> {
  const planned = new Set(order);
  const done = new Set<string>();
  const waiting = [...order];
  const free = Array.from({ length: Math.max(1, slots) }, (_, i) => i);
  const running = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  const ready = (key: string) => depsOf(key).every((d) => !planned.has(d) || done.has(d));
  while (waiting.length > 0 || running.size > 0) {
    for (let i = 0; failure === undefined && i < waiting.length && free.length > 0; ) {
      const key = waiting[i]!;
      if (!ready(key)) {
        i += 1;
        continue;
      }
      waiting.splice(i, 1);
      const slot = free.shift()!;
      const run = start(key, slot).then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      );
      running.set(
        key,
        run.then(() => {
          done.add(key);
          running.delete(key);
          free.push(slot);
          free.sort((a, b) => a - b);
        }),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failure !== undefined) throw failure.error;
  if (waiting.length > 0) throw new RangeError(`nodes never became ready: ${waiting.join(', ')} (order is not topological)`);
}
