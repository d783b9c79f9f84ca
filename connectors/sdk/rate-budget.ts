/**
 * A sliding-window request budget: at most `requests` requests in any `perMs` window.
 * Vendors publish limits this way (HubSpot: 190 per 10 s), and a sliding window —
 * unlike a token bucket refilled continuously — never lets a burst straddle two of the
 * vendor's windows and trip a 429.
 *
 * The vendor counts a request when it *arrives*, which is later than when we start it
 * (connection set-up, a slow first request). A slot is therefore dated again when the
 * request settles (`release`): the server has counted it by then, so our window can
 * never run ahead of the server's. Measured in bench/api-rate.ts.
 */
import { sleep } from './retry.js';

/** Call when the request has settled (answered or failed), to date its slot then. */
export type ReleaseSlot = () => void;

export class RateBudget {
  readonly #requests: number;
  readonly #perMs: number;
  /** When each slot of the current window was last dated (start, then settle). */
  #slots: { at: number }[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #blockedUntil = 0;

  constructor(requests: number, perMs: number) {
    if (!(requests > 0) || !(perMs > 0)) throw new RangeError('RateBudget needs requests > 0 and perMs > 0');
    this.#requests = requests;
    this.#perMs = perMs;
  }

  /** Resolves when a request may start; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    const turn = this.#queue.then(() => this.#waitForSlot(signal));
    // Keep the chain alive even if one waiter is aborted.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Hold every start until `untilMs` (epoch ms), after the server said to slow down. */
  penalize(untilMs: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, untilMs);
  }

  async #waitForSlot(signal?: AbortSignal): Promise<ReleaseSlot> {
    for (;;) {
      const now = Date.now();
      if (now < this.#blockedUntil) {
        await sleep(this.#blockedUntil - now, signal);
        continue;
      }
      this.#slots = this.#slots.filter((s) => s.at > now - this.#perMs);
      if (this.#slots.length < this.#requests) {
        const slot = { at: now };
        this.#slots.push(slot);
        return () => {
          slot.at = Math.max(slot.at, Date.now());
        };
      }
      const oldest = Math.min(...this.#slots.map((s) => s.at));
      await sleep(oldest + this.#perMs - now + 1, signal);
    }
  }
}
