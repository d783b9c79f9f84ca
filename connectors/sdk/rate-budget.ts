/**
 * A sliding-window request budget: at most `requests` starts in any `perMs` window.
 * Vendors publish limits this way (HubSpot: 190 per 10 s), and a sliding window —
 * unlike a token bucket refilled continuously — never lets a burst straddle two
 * of the vendor's windows and trip a 429.
 */
import { sleep } from './retry.js';

export class RateBudget {
  readonly #requests: number;
  readonly #perMs: number;
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();
  #blockedUntil = 0;

  constructor(requests: number, perMs: number) {
    if (!(requests > 0) || !(perMs > 0)) throw new RangeError('RateBudget needs requests > 0 and perMs > 0');
    this.#requests = requests;
    this.#perMs = perMs;
  }

  /** Resolves when a request may start; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    // Keep the chain alive even if one waiter is aborted.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Hold every start until `untilMs` (epoch ms), after the server said to slow down. */
  penalize(untilMs: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, untilMs);
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.#blockedUntil) {
        await sleep(this.#blockedUntil - now, signal);
        continue;
      }
      while (this.#starts.length > 0 && this.#starts[0]! <= now - this.#perMs) this.#starts.shift();
      if (this.#starts.length < this.#requests) {
        this.#starts.push(now);
        return;
      }
      await sleep(this.#starts[0]! + this.#perMs - now + 1, signal);
    }
  }
}
