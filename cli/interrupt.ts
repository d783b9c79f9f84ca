/**
 * SIGINT/SIGTERM for long commands (sync, schedule, worker): the first signal asks the work
 * to stop at its next safe point (an AbortSignal the pipeline checks between batches) and
 * says so; a second one exits at once (130), for a person who will not wait.
 */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** Stops listening (call in a finally once the work is over). */
  release(): void;
}

/** `what` ends the line printed on the first signal, e.g. 'stopping after the batch in flight'. */
export function interruptible(what: string, onSignal?: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: ${what} (again to force)\n`);
    onSignal?.(signal);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
