/**
 * The audit task: who did what, when and from where — syncs, builds, unmasked queries,
 * erasures, config changes — filtered by time, actor and action, oldest first.
 *
 * @example
 * ```ts
 * import { loadConfig, audit } from 'tributary';
 * const events = await audit({ config: loadConfig('tributary.yml'), action: 'query_unmasked', since: new Date('2026-01-01') });
 * ```
 */
import { ConfigError } from '../../core/index.js';
import type { TributaryConfig } from '../config/load-config.js';
import { ControlPlane } from '../control-plane/control-plane.js';

export interface AuditOptions {
  readonly config: TributaryConfig;
  readonly since?: Date;
  readonly actor?: string;
  readonly action?: string;
  readonly limit?: number;
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly host: string | null;
  readonly cwd: string | null;
  readonly details: unknown;
}

export async function audit(options: AuditOptions): Promise<AuditEntry[]> {
  const cp = await ControlPlane.openForReading(options.config.controlPlanePath);
  try {
    const rows = await cp.auditEvents({
      ...(options.since ? { since: options.since } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
      ...(options.action ? { action: options.action } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, host: r.host, cwd: r.cwd, details: r.details ? (JSON.parse(r.details) as unknown) : null }));
  } finally {
    await cp.close();
  }
}

/** `--since`: an ISO date or time (`2026-01-31`, `2026-01-31T08:00Z`) or an age (`30m`, `12h`, `7d`). */
export function parseSince(value: string, now = new Date()): Date {
  const age = /^(\d+)\s*([mhd])$/i.exec(value.trim());
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[age[2]!.toLowerCase() as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new ConfigError(`--since must be a date (2026-01-31), a time (2026-01-31T08:00Z) or an age (30m, 12h, 7d), got "${value}"`);
  }
  return at;
}
