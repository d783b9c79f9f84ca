import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/index.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { runCli, tempDir, type TempDir } from '../../helpers/workspace.js';

const SECRET = 'super-secret-token-value-123';

const valid = `version: 1
sources:
  crm:
    type: hubspot
    access_token: \${TEST_HUBSPOT_TOKEN}
    base_url: http://127.0.0.1:1
`;

/** The `identity:` settings of a block that overrides nothing of the matcher. */
const NO_OVERRIDES = { comparisonsOff: [], levelOverrides: [], extraBlockingRules: [], skippedBlockingRules: [] };

let dir: TempDir;
afterEach(() => dir?.remove());

function expectConfigError(yaml: string, env: Record<string, string> = {}, options: { requireSources?: boolean } = {}): string {
  dir = tempDir();
  const file = dir.file('tributary.yml', yaml);
  try {
    loadConfig(file, { env, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads a valid file, resolves paths against its folder and interpolates secrets', () => {
    dir = tempDir();
    const file = dir.file('tributary.yml', valid);
    const config = loadConfig(file, { env: { TEST_HUBSPOT_TOKEN: SECRET } });
    expect(config.warehousePath).toBe(`${dir.path}/warehouse.duckdb`);
    expect(config.sources[0]).toMatchObject({ id: 'crm', type: 'hubspot' });
    expect((config.sources[0]!.config as { access_token: string }).access_token).toBe(SECRET);
    expect(config.redactor.scrub(`token ${SECRET}`)).not.toContain(SECRET);
    expect(config.masking.email).toBe('partial');
  });

  it.each([
    ['bad YAML', 'version: 1\nsources:\n  crm: [unclosed\n', {}, /tributary\.yml:\d+:\d+/],
    ['unknown top-level key', `${valid}wherehouse: x.duckdb\n`, { TEST_HUBSPOT_TOKEN: 'x' }, /unknown key "wherehouse"/],
    ['missing env var', valid, {}, /sources\.crm\.access_token: environment variable TEST_HUBSPOT_TOKEN is not set/],
    ['unknown connector', 'version: 1\nsources:\n  crm:\n    type: hubspott\n', {}, /sources\.crm\.type: unknown connector "hubspott" \(expected one of: .*hubspot/],
    ['connector-level error', 'version: 1\nsources:\n  crm:\n    type: hubspot\n    access_token: abcd\n    page_size: 5000\n', {}, /sources\.crm\.page_size:/],
    ['unknown stream', `${valid}    streams: [contacts, tickets]\n`, { TEST_HUBSPOT_TOKEN: 'x' }, /sources\.crm\.streams: unknown stream "tickets"/],
    ['wrong version', valid.replace('version: 1', 'version: 2'), { TEST_HUBSPOT_TOKEN: 'x' }, /version: expected version: 1/],
    ['empty file', '', {}, /must be a YAML mapping/],
  ] as const)('%s → ConfigError naming the file and key path', (_name, yaml, env, pattern) => {
    const message = expectConfigError(yaml, env);
    expect(message).toMatch(/tributary\.yml/);
    expect(message).toMatch(pattern);
  });

  it('reports every problem at once', () => {
    const message = expectConfigError(`${valid}    page_size: 0\nextra: 1\n`);
    expect(message).toMatch(/TEST_HUBSPOT_TOKEN/);
    expect(message).toMatch(/unknown key "extra"/);
  });

  it('reads variables from a .env beside the config, environment first', () => {
    dir = tempDir();
    dir.file('.env', `TEST_HUBSPOT_TOKEN=${SECRET}\n`);
    const file = dir.file('tributary.yml', valid);
    expect((loadConfig(file, { env: {} }).sources[0]!.config as { access_token: string }).access_token).toBe(SECRET);
    expect((loadConfig(file, { env: { TEST_HUBSPOT_TOKEN: 'from-env' } }).sources[0]!.config as { access_token: string }).access_token).toBe('from-env');
  });

  it('commands that do not touch sources load without their secrets', () => {
    dir = tempDir();
    const file = dir.file('tributary.yml', valid);
    const config = loadConfig(file, { env: {}, requireSources: false });
    expect(config.sources.map((s) => s.id)).toEqual(['crm']);
  });

  it('never echoes a secret value in an error', () => {
    const message = expectConfigError(`version: 1\nsources:\n  crm:\n    type: hubspot\n    access_token: \${TEST_HUBSPOT_TOKEN}\n    page_size: lots\n`, {
      TEST_HUBSPOT_TOKEN: SECRET,
    });
    expect(message).not.toContain(SECRET);
  });
});

describe('CLI on a bad config', () => {
  it.each([
    ['missing env var', valid, /sources\.crm\.access_token: environment variable TEST_HUBSPOT_TOKEN is not set/],
    ['bad YAML', 'version: 1\nsources:\n  crm: [unclosed\n', /tributary\.yml:\d+:\d+/],
    ['unknown key', `${valid}wherehouse: x.duckdb\n`, /unknown key "wherehouse"/],
  ] as const)('%s: sync exits 2 with the problem on stderr and nothing on stdout', async (_name, yaml, pattern) => {
    dir = tempDir();
    const file = dir.file('tributary.yml', yaml);
    const result = await runCli(['sync', '--config', file], { env: { TEST_HUBSPOT_TOKEN: undefined } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tributary\.yml/);
    expect(result.stderr).toMatch(pattern);
    expect(result.stdout).toBe('');
  });

  it('reads identity: { probabilistic, match_threshold, max_component_size }, with defaults', () => {
    dir = tempDir();
    const defaults = loadConfig(dir.file('tributary.yml', valid), { env: { TEST_HUBSPOT_TOKEN: SECRET } });
    expect(defaults.identity).toEqual({ ...NO_OVERRIDES, probabilistic: true, matchThreshold: 10, maxComponentSize: 50 });
    const set = loadConfig(dir.file('tributary.yml', `${valid}identity:\n  probabilistic: false\n  match_threshold: 14.5\n  max_component_size: 20\n`), {
      env: { TEST_HUBSPOT_TOKEN: SECRET },
    });
    expect(set.identity).toEqual({ ...NO_OVERRIDES, probabilistic: false, matchThreshold: 14.5, maxComponentSize: 20 });
  });

  it('reads identity overrides: comparisons off, hand-set m/u per level, blocking rules added and skipped', () => {
    dir = tempDir();
    const yaml = `${valid}identity:
  comparisons:
    company: { enabled: false }
    first_name:
      levels:
        nickname: { m: 0.2 }
        jw_0.92: { m: 0.1, u: 0.001 }
  blocking_rules:
    add: [{ name: company_city, fields: [company, city] }]
    skip: [dob_city, phone]
`;
    const config = loadConfig(dir.file('tributary.yml', yaml), { env: { TEST_HUBSPOT_TOKEN: SECRET } });
    expect(config.identity).toMatchObject({
      comparisonsOff: ['company'],
      levelOverrides: [
        { field: 'first_name', level: 'nickname', m: 0.2 },
        { field: 'first_name', level: 'jw_0.92', m: 0.1, u: 0.001 },
      ],
      extraBlockingRules: [{ name: 'company_city', fields: ['company', 'city'] }],
      skippedBlockingRules: ['dob_city', 'phone'],
    });
  });

  it('a mistaken identity override is a config error naming each key path and what is allowed, exit 2', async () => {
    dir = tempDir();
    const yaml = `${valid}identity:
  comparisons:
    surname: { enabled: false }
    first_name:
      levels:
        nick: { m: 0.2 }
        exact: { m: 1.5 }
        swapped: {}
  blocking_rules:
    add: [{ name: phone, fields: [phone] }, { name: by_shoe_size, fields: [shoe_size] }]
    skip: [no_such_rule]
`;
    const result = await runCli(['sync', '--config', dir.file('tributary.yml', yaml)], { env: { TEST_HUBSPOT_TOKEN: SECRET } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tributary.yml');
    expect(result.stderr).toMatch(/identity\.comparisons: unknown key "surname"/);
    expect(result.stderr).toMatch(/identity\.comparisons\.first_name\.levels\.nick: first_name has no level "nick" \(its levels: exact, swapped, nickname/);
    expect(result.stderr).toMatch(/identity\.comparisons\.first_name\.levels\.exact\.m: expected a probability of at most 1/);
    expect(result.stderr).toMatch(/identity\.comparisons\.first_name\.levels\.swapped: set m, u or both/);
    expect(result.stderr).toMatch(/identity\.blocking_rules\.add\.0\.name: "phone" is already a built-in blocking rule's name/);
    expect(result.stderr).toMatch(/identity\.blocking_rules\.add\.1\.fields\.0/);
    expect(result.stderr).toMatch(/identity\.blocking_rules\.skip\.0/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a mistyped identity block is a config error naming the key, exit 2', async () => {
    dir = tempDir();
    const file = dir.file('tributary.yml', `${valid}identity:\n  match_threshold: high\n  max_component_size: 1\n`);
    const result = await runCli(['sync', '--config', file], { env: { TEST_HUBSPOT_TOKEN: SECRET } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/identity\.match_threshold/);
    expect(result.stderr).toMatch(/identity\.max_component_size/);
  });

  it('reports a top-level mistake together with the mistakes in the source blocks, exit 2', async () => {
    dir = tempDir();
    const file = dir.file(
      'tributary.yml',
      `version: 2\nwherehouse: x.duckdb\nsync:\n  batch_size: 0\nsources:\n  crm:\n    type: hubspot\n    access_token: abcd\n    page_size: 5000\n  mail:\n    type: mailchimpp\n  web:\n    streams: [events]\n`,
    );
    const result = await runCli(['sync', '--config', file]);
    expect(result.code).toBe(2);
    for (const problem of [
      /- version: expected version: 1/,
      /- \(top level\): unknown key "wherehouse"|- unknown key "wherehouse"/,
      /- sync\.batch_size:/,
      /- sources\.crm\.page_size:/,
      /- sources\.mail\.type: unknown connector "mailchimpp"/,
      /- sources\.web\.type: expected the connector type/,
    ]) {
      expect(result.stderr).toMatch(problem);
    }
    expect(result.stdout).toBe('');
  });

  it('a YAML alias bomb (billion laughs) is a config error, exit 2, not a stack trace', async () => {
    dir = tempDir();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const file = dir.file('tributary.yml', `version: 1\n${levels.join('\n')}\nsources: {}\n`);
    const result = await runCli(['runs', '--config', file], { timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: tributary\.yml is not valid YAML: .*alias/i);
    expect(result.stderr).toMatch(/hint: YAML aliases/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing config file and on bad usage', async () => {
    dir = tempDir();
    const missing = await runCli(['runs', '--config', `${dir.path}/nope.yml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/config file not found/);
    const usage = await runCli(['query']);
    expect(usage.code).toBe(2);
    const format = await runCli(['runs', '--config', `${dir.path}/nope.yml`, '--format', 'xml']);
    expect(format.code).toBe(2);
  });
});
