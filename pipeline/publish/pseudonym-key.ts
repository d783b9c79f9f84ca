/**
 * The workspace's pseudonym key: the secret under which publish computes every keyed
 * hash (the `hash` masking policy). Without a secret, a hash of an email or a source id
 * is reversed by hashing the emails and ids one already knows; with a constant one, too.
 *
 * - Configured (`governance.pseudonym_key`, else TRIBUTARY_PSEUDONYM_KEY in the
 *   environment or the .env beside tributary.yml): used.
 * - Nowhere, and this warehouse never published under a key (the first sync): 32 random
 *   bytes are generated and appended to that .env (mode 0600) with the other secrets.
 * - Nowhere, but the warehouse has published under one, or a key other than that one:
 *   an error. A new key would silently change every published pseudonym, and analysts'
 *   joins with what they kept would break; a lost key is restored, never defaulted.
 *
 * The warehouse keeps only the key's fingerprint (an HMAC of a constant under the key),
 * never the key. Call it holding the run lock: it may write .env.
 */
import { randomBytes, createHmac } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, TributaryError, type Logger } from '../../core/index.js';
import { parseDotenv } from '../config/interpolate.js';
import { PSEUDONYM_KEY_VARIABLE, type TributaryConfig } from '../config/load-config.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const FINGERPRINT_INPUT = 'tributary pseudonym key fingerprint';

export function keyFingerprint(key: string): string {
  return createHmac('sha256', key).update(FINGERPRINT_INPUT).digest('hex');
}

export async function workspacePseudonymKey(options: { config: TributaryConfig; wh: Warehouse; log: Logger }): Promise<string> {
  const { config, wh, log } = options;
  const dotenvPath = join(config.dir, '.env');
  const [recorded] = await wh.all(`select fingerprint from _tributary.pseudonym_key order by recorded_at limit 1`);
  // An earlier sync of this process (the demo syncs twice) may have generated it since the config was read.
  const key = config.pseudonymKey ?? readDotenvKey(dotenvPath);
  if (key !== undefined) {
    const fingerprint = keyFingerprint(key);
    if (recorded === undefined) await record(wh, fingerprint);
    else if (recorded.fingerprint !== fingerprint) {
      throw new ConfigError(`the pseudonym key is not the one ${config.analyticsPath} was published with: every published pseudonym would change`, {
        hint: `restore the earlier key (${PSEUDONYM_KEY_VARIABLE} in the .env beside ${config.file}, or what governance.pseudonym_key names); to change keys on purpose, \`delete from _tributary.pseudonym_key\` in the warehouse first, and tell analysts their ids change`,
      });
    }
    return key;
  }
  if (recorded !== undefined) {
    throw new ConfigError(`${PSEUDONYM_KEY_VARIABLE} is not set, but ${config.warehousePath} has published pseudonyms under a key`, {
      hint: `restore it (the line ${PSEUDONYM_KEY_VARIABLE}=… of ${dotenvPath}, from a backup) or export it; a new key would change every published pseudonym`,
    });
  }
  const generated = randomBytes(32).toString('hex');
  appendSecret(dotenvPath, generated);
  config.redactor.add(generated);
  await record(wh, keyFingerprint(generated));
  log.info('generated the workspace pseudonym key (keep .env: published ids depend on it)', { file: dotenvPath, variable: PSEUDONYM_KEY_VARIABLE });
  return generated;
}

function readDotenvKey(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const value = parseDotenv(readFileSync(path, 'utf8'))[PSEUDONYM_KEY_VARIABLE];
  return value === undefined || value === '' ? undefined : value;
}

async function record(wh: Warehouse, fingerprint: string): Promise<void> {
  await wh.run(`insert into _tributary.pseudonym_key (fingerprint, recorded_at) values ($1, now())`, [fingerprint]);
}

/** Appends the key to .env, created (or narrowed) to mode 0600: it holds secrets. */
function appendSecret(path: string, key: string): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines =
    (before === '' || before.endsWith('\n') ? '' : '\n') +
    `# Key of the keyed hash behind every published pseudonym (made by the first sync). Keep it secret and keep it:\n` +
    `# another key changes every published id.\n` +
    `${PSEUDONYM_KEY_VARIABLE}=${key}\n`;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a', 0o600);
    fchmodSync(fd, 0o600);
    writeSync(fd, lines);
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TributaryError('pseudonym_key_unwritable', `cannot store the new pseudonym key in ${path} (${code})`, {
      hint: `make the workspace writable, or export ${PSEUDONYM_KEY_VARIABLE} (e.g. \`openssl rand -hex 32\`) and keep it`,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
