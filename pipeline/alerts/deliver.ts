/**
 * Sends a run's alert (or a stale source's, pipeline/freshness/) to every webhook and the email recipients of `alerts:`, each with
 * its own retries (a Slack outage must not stop the email). A delivery that still fails
 * is logged and reported back, never thrown: the run's own outcome and exit code stay
 * what they were. Targets are named in logs by host only — a webhook URL's path is
 * usually its token.
 */
import axios from 'axios';
import nodemailer from 'nodemailer';
import type { Logger, SecretRedactor } from '../../core/index.js';
import type { AlertsConfig } from '../config/schema.js';
import type { SyncResult } from '../sync.js';
import { runAlert, type AlertMessage } from './alert-message.js';

export interface AlertDelivery {
  /** `webhook <host>` or `email <host>`: never the URL's path or a password. */
  readonly target: string;
  readonly ok: boolean;
  readonly attempts: number;
  readonly error?: string;
}

/** Alerts for `result` if `alerts.on` names its status; nothing (an empty list) otherwise. */
export async function alertRun(options: { alerts: AlertsConfig | undefined; result: SyncResult; configFile: string; redactor: SecretRedactor; log: Logger }): Promise<AlertDelivery[]> {
  const { alerts, result } = options;
  if (!alerts || result.status === 'success' || !alerts.on.includes(result.status)) return [];
  return deliverAlert({ alerts, message: runAlert(result, options.configFile, options.redactor), redactor: options.redactor, log: options.log, about: { run: result.runId } });
}

/**
 * Sends one message to every webhook and the email recipients of `alerts`, each with its
 * own retries; `about` names what the message is about in the log lines.
 */
export async function deliverAlert(options: { alerts: AlertsConfig; message: AlertMessage; redactor: SecretRedactor; log: Logger; about: Record<string, unknown> }): Promise<AlertDelivery[]> {
  const { alerts, message } = options;
  const sends: { target: string; send: () => Promise<void> }[] = alerts.webhooks.map((w) => ({ target: `webhook ${hostOf(w.url)}`, send: () => postWebhook(w.url, w.format, message) }));
  if (alerts.email) {
    const email = alerts.email;
    sends.push({ target: `email ${hostOf(email.smtp_url)}`, send: () => sendEmail(email, message) });
  }
  return Promise.all(
    sends.map(async ({ target, send }) => {
      const outcome = await withRetries(send, alerts.max_attempts, alerts.retry_delay_ms);
      const error = outcome.error === undefined ? undefined : options.redactor.scrub(outcome.error);
      if (error === undefined) options.log.info('alert delivered', { target, ...options.about, attempts: outcome.attempts });
      else options.log.error('alert not delivered', { target, ...options.about, attempts: outcome.attempts, error });
      return { target, ok: error === undefined, attempts: outcome.attempts, ...(error === undefined ? {} : { error }) };
    }),
  );
}

async function postWebhook(url: string, format: 'slack' | 'json', message: AlertMessage): Promise<void> {
  const body = format === 'slack' ? { text: message.text } : message.json;
  // No proxy from the environment: alerts go where tributary.yml says; and a short deadline, a stuck receiver must not hold the run.
  await axios.post(url, body, { timeout: 10_000, proxy: false, headers: { 'content-type': 'application/json' } });
}

async function sendEmail(email: NonNullable<AlertsConfig['email']>, message: AlertMessage): Promise<void> {
  const transport = nodemailer.createTransport(email.smtp_url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 } as never);
  try {
    await transport.sendMail({ from: email.from, to: email.to.join(', '), subject: message.subject, text: message.text });
  } finally {
    transport.close();
  }
}

async function withRetries(send: () => Promise<void>, maxAttempts: number, delayMs: number): Promise<{ attempts: number; error?: string }> {
  let lastError = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      await send();
      return { attempts: attempt };
    } catch (error) {
      lastError = describe(error);
      if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, delayMs * 2 ** (attempt - 1)));
    }
  }
  return { attempts: maxAttempts, error: lastError };
}

/** An error in a few words, without the request (axios errors carry the URL and its token). */
function describe(error: unknown): string {
  if (axios.isAxiosError(error)) return error.response ? `HTTP ${error.response.status}` : (error.code ?? 'request failed');
  const e = error as { code?: string; responseCode?: number; message?: string };
  if (e.responseCode !== undefined) return `SMTP ${e.responseCode}`;
  return e.code ?? 'failed';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unparsable address)';
  }
}
