/**
 * A tiny generic DAG keyed by string. The model engine orders models with it, but it
 * knows nothing about models: any stage that needs "run these in dependency order"
 * (streams, publish steps) can use it.
 */

/** A dependency cycle. The message prints the path, e.g. `a -> b -> c -> a`. */
export class CycleError extends Error {
  /** The keys on the cycle, first key repeated at the end. */
  readonly path: readonly string[];

  constructor(path: readonly string[]) {
    super(`dependency cycle: ${path.join(' -> ')}`);
    this.name = 'CycleError';
    this.path = Object.freeze([...path]);
  }
}

/**
 * @example
 * ```ts
 * const dag = new Dag<string>();
 * dag.add('stg_contacts', 'models/staging/stg_contacts.sql', []);
 * dag.add('customers', 'models/marts/customers.sql', ['stg_contacts']);
 * dag.sorted();   // ['stg_contacts', 'customers']
 * dag.levels();   // [['stg_contacts'], ['customers']]
 * ```
 */
export class Dag<T> {
  readonly #values = new Map<string, T>();
  readonly #deps = new Map<string, readonly string[]>();

  /**
   * Adds (or replaces) a node. Deps may name nodes added later; deps that never get
   * added are ignored by `sorted()`/`levels()` (they are outside this graph), so callers
   * that want them to be errors must check `has()` themselves.
   */
  add(key: string, value: T, deps: Iterable<string>): this {
    this.#values.set(key, value);
    this.#deps.set(key, Object.freeze([...new Set(deps)].sort()));
    return this;
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  get(key: string): T {
    if (!this.#values.has(key)) throw new RangeError(`no node "${key}" in the graph`);
    return this.#values.get(key) as T;
  }

  /** All keys, sorted by name. */
  keys(): string[] {
    return [...this.#values.keys()].sort();
  }

  get size(): number {
    return this.#values.size;
  }

  /** Direct dependencies of `key` that are nodes of this graph. */
  depsOf(key: string): string[] {
    this.get(key);
    return (this.#deps.get(key) ?? []).filter((d) => this.#values.has(d));
  }

  /** Direct dependents of `key`. */
  dependentsOf(key: string): string[] {
    this.get(key);
    return this.keys().filter((k) => this.depsOf(k).includes(key));
  }

  /** Every node `key` depends on, directly or not (not including `key`), sorted by name. */
  upstream(key: string): string[] {
    return this.#walk(key, (k) => this.depsOf(k));
  }

  /** Every node that depends on `key`, directly or not (not including `key`), sorted by name. */
  downstream(key: string): string[] {
    const dependents = this.#dependentsIndex();
    return this.#walk(key, (k) => dependents.get(k) ?? []);
  }

  /** A new graph with only `keys`; edges to nodes outside it are dropped. */
  subdag(keys: Iterable<string>): Dag<T> {
    const keep = new Set(keys);
    const out = new Dag<T>();
    for (const k of keep) {
      out.add(k, this.get(k), this.depsOf(k).filter((d) => keep.has(d)));
    }
    return out;
  }

  /** Keys in dependency order; ties broken by name so the order is stable. */
  sorted(): string[] {
    return this.levels().flat();
  }

  /**
   * Groups of keys whose dependencies are all in earlier groups: everything inside one
   * group may run in parallel. Each group is sorted by name.
   * @throws CycleError when the graph has a cycle.
   */
  levels(): string[][] {
    const remaining = new Map<string, number>();
    for (const k of this.#values.keys()) remaining.set(k, this.depsOf(k).length);
    const dependents = this.#dependentsIndex();
    const levels: string[][] = [];
    let ready = [...remaining].filter(([, n]) => n === 0).map(([k]) => k).sort();
    while (ready.length > 0) {
      levels.push(ready);
      const next: string[] = [];
      for (const k of ready) {
        remaining.delete(k);
        for (const d of dependents.get(k) ?? []) {
          const n = (remaining.get(d) ?? 0) - 1;
          remaining.set(d, n);
          if (n === 0) next.push(d);
        }
      }
      ready = next.sort();
    }
    if (remaining.size > 0) throw new CycleError(this.#findCycle([...remaining.keys()].sort()));
    return levels;
  }

  #dependentsIndex(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const k of this.keys()) {
      for (const d of this.depsOf(k)) {
        const list = index.get(d) ?? [];
        list.push(k);
        index.set(d, list);
      }
    }
    return index;
  }

  #walk(start: string, next: (k: string) => readonly string[]): string[] {
    this.get(start);
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(...next(k));
    }
    seen.delete(start);
    return [...seen].sort();
  }

  /** Depth-first search from the remaining (cyclic or cycle-blocked) nodes for one cycle. */
  #findCycle(candidates: readonly string[]): string[] {
    const state = new Map<string, 'active' | 'done'>();
    const stack: string[] = [];
    const visit = (k: string): string[] | undefined => {
      state.set(k, 'active');
      stack.push(k);
      for (const d of this.depsOf(k)) {
        if (state.get(d) === 'active') {
          // The stack runs dependent -> dependency; print it the way people read
          // "a depends on b": from the repeated node along the stack.
          return [...stack.slice(stack.indexOf(d)), d];
        }
        if (state.get(d) === undefined) {
          const found = visit(d);
          if (found) return found;
        }
      }
      stack.pop();
      state.set(k, 'done');
      return undefined;
    };
    for (const k of candidates) {
      if (state.get(k) === undefined) {
        const found = visit(k);
        if (found) return found;
      }
    }
    /* c8 ignore next */
    return [...candidates];
  }
}
