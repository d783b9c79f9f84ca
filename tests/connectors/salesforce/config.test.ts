import { describe, expect, it } from 'vitest';
import { salesforceConnector } from '../../../connectors/salesforce/index.js';
import { buildIncrementalSoql, soqlDateTime } from '../../../connectors/salesforce/records.js';

const parse = (c: Record<string, unknown>) => salesforceConnector.configSchema.safeParse(c);
const problems = (c: Record<string, unknown>) => {
  const r = parse(c);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('salesforce config', () => {
  it('accepts an access token with its instance and fills the defaults', () => {
    const r = parse({ instance_url: 'https://acme.my.salesforce.com/', access_token: 'tok' });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({
      instance_url: 'https://acme.my.salesforce.com',
      login_url: 'https://login.salesforce.com',
      api_version: '59.0',
      page_size: 2000,
      quota_reserve: { kind: 'percent', percent: 5 },
    });
  });

  it('reads quota_reserve as a share of the daily limit or a number of requests', () => {
    expect(parse({ instance_url: 'https://x', access_token: 't', quota_reserve: '2.5 %' }).data?.quota_reserve).toEqual({ kind: 'percent', percent: 2.5 });
    expect(parse({ instance_url: 'https://x', access_token: 't', quota_reserve: 500 }).data?.quota_reserve).toEqual({ kind: 'requests', requests: 500 });
  });

  it('accepts the refresh flow without instance_url (the token response names it)', () => {
    expect(parse({ client_id: 'id', client_secret: 'sec', refresh_token: 'rt' }).success).toBe(true);
  });

  it.each([
    [{}, 'access_token: access_token (with instance_url) or client_id + client_secret + refresh_token is required'],
    [{ access_token: 'tok' }, 'instance_url: instance_url is required with access_token'],
    [{ client_id: 'id', refresh_token: 'rt' }, 'client_secret: client_secret is required for the OAuth2 refresh flow'],
    [{ instance_url: 'ftp://x', access_token: 't' }, 'instance_url: instance_url must be an http(s) URL'],
    [{ instance_url: 'https://x', access_token: 't', api_version: 'v59' }, 'api_version: api_version must look like "59.0"'],
    [{ instance_url: 'https://x', access_token: 't', page_size: 5000 }, 'page_size: '],
    [{ instance_url: 'https://x', access_token: 't', page_size: 100 }, 'page_size: '],
    [{ instance_url: 'https://x', access_token: 't', start_date: 'yesterday' }, 'start_date: '],
    [{ instance_url: 'https://x', access_token: 't', quota_reserve: -1 }, 'quota_reserve: quota_reserve must be a percentage'],
    [{ instance_url: 'https://x', access_token: 't', quota_reserve: '95%' }, 'quota_reserve: quota_reserve must be a percentage from 0% to 90%'],
    [{ instance_url: 'https://x', access_token: 't', quota_reserve: 'lots' }, 'not "lots"'],
    [{ instance_url: 'https://x', access_token: 't', acces_token: 't' }, ': Unrecognized key'],
  ])('rejects %j naming the key', (config, expected) => {
    expect(problems(config).join('\n')).toContain(expected);
  });

  it('lists every secret for redaction', () => {
    expect([...salesforceConnector.secretKeys].sort()).toEqual(['access_token', 'client_secret', 'refresh_token']);
  });
});

describe('SOQL building', () => {
  it('formats the cursor as a whole-second SOQL dateTime and never pastes text', () => {
    expect(soqlDateTime('2026-10-01T12:34:56.789Z')).toBe('2026-10-01T12:34:56Z');
    expect(soqlDateTime('2026-10-01T14:00:00+02:00')).toBe('2026-10-01T12:00:00Z');
    expect(() => soqlDateTime("2026-10-01' OR Name != '")).toThrow(RangeError);
    expect(buildIncrementalSoql('Contact', ['Id', 'SystemModstamp'], '2026-10-01T00:00:00.000Z')).toBe(
      'SELECT Id, SystemModstamp FROM Contact WHERE SystemModstamp >= 2026-10-01T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC',
    );
    expect(() => buildIncrementalSoql('Contact; DELETE', ['Id'], '2026-10-01T00:00:00Z')).toThrow(RangeError);
  });
});
