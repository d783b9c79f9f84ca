import { describe, expect, it } from 'vitest';
import { mailchimpConnector, mailchimpConfigSchema } from '../../../connectors/mailchimp/index.js';
import { datacenterOf, mailchimpBaseUrl } from '../../../connectors/mailchimp/config.js';

const KEY = '0123456789abcdef0123456789abcdef-us21';

describe('mailchimp config', () => {
  it('derives the API host from the key datacenter and defaults page_size to 1000', () => {
    const config = mailchimpConfigSchema.parse({ api_key: KEY });
    expect(config.page_size).toBe(1000);
    expect(mailchimpBaseUrl(config)).toBe('https://us21.api.mailchimp.com');
    expect(datacenterOf('abc-US6')).toBe('us6');
  });

  it('rejects a key without datacenter suffix with a clear message that does not echo the key', () => {
    const result = mailchimpConfigSchema.safeParse({ api_key: '0123456789abcdef0123456789abcdef' });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['api_key']);
    expect(issue.message).toMatch(/datacenter suffix/);
    expect(issue.message).toMatch(/-us21/);
    expect(JSON.stringify(result.error!.issues)).not.toContain('0123456789abcdef');
  });

  it('accepts a key without suffix when base_url says where to go', () => {
    const config = mailchimpConfigSchema.parse({ api_key: 'plainkey', base_url: 'http://127.0.0.1:9999/' });
    expect(mailchimpBaseUrl(config)).toBe('http://127.0.0.1:9999');
  });

  it.each([
    [{ api_key: KEY, page_size: 1001 }, 'page_size'],
    [{ api_key: KEY, page_size: 0 }, 'page_size'],
    [{ api_key: KEY, start_date: 'yesterday' }, 'start_date'],
    [{ api_key: KEY, base_url: 'not a url' }, 'base_url'],
    [{ api_key: KEY, apiKey: 'x' }, ''],
  ])('rejects %j', (input, path) => {
    const result = mailchimpConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts a date or a date-time start_date', () => {
    expect(mailchimpConfigSchema.parse({ api_key: KEY, start_date: '2026-01-01' }).start_date).toBe('2026-01-01');
    expect(mailchimpConfigSchema.parse({ api_key: KEY, start_date: '2026-01-01T00:00:00Z' }).start_date).toBe('2026-01-01T00:00:00Z');
  });

  it('http profile: Basic auth with the key as password, 4 in flight, 10 requests a second', () => {
    const profile = mailchimpConnector.http!(mailchimpConfigSchema.parse({ api_key: KEY }));
    const basic = profile.headers!.Authorization!.replace(/^Basic /, '');
    expect(Buffer.from(basic, 'base64').toString()).toBe(`anystring:${KEY}`);
    expect(profile.concurrency).toBe(4);
    expect(profile.rate).toEqual({ requests: 10, perMs: 1000 });
    expect(mailchimpConnector.secretKeys).toEqual(['api_key']);
    expect(mailchimpConnector.tablePrefix).toBe('mailchimp');
  });
});
