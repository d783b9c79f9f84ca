import { describe, expect, it } from 'vitest';
import { insightsStartDate, metaAdsClassifier, metaAdsDescribe, parseUsageHeaders } from '../../../connectors/meta-ads/index.js';

const body = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: 'm', type: 'OAuthException', code, fbtrace_id: 'Axyz', ...extra } });
const buc = (call: number, regain: number) =>
  JSON.stringify({ '42': [{ type: 'ads_insights', call_count: call, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: regain }] });

describe('metaAdsClassifier', () => {
  it.each([
    [400, body(17), {}, 'retry'],
    [400, body(4), {}, 'retry'],
    [403, body(32), {}, 'retry'],
    [400, body(613), {}, 'retry'],
    [400, body(80004), { 'x-business-use-case-usage': buc(100, 0) }, 'retry'],
    [400, body(80004), { 'x-business-use-case-usage': buc(100, 1) }, 'quota'],
    [400, body(80000), { 'x-business-use-case-usage': buc(100, 60) }, 'quota'],
    [400, body(17), { 'x-business-use-case-usage': buc(100, 5) }, 'quota'],
    [400, body(190, { error_subcode: 463 }), {}, 'auth'],
    [401, body(190), {}, 'auth'],
    [403, body(200), {}, 'auth'],
    [500, body(1), {}, 'retry'],
    [400, body(2), {}, 'retry'],
    [400, body(100, { error_subcode: 33 }), {}, undefined],
    [502, '<html>bad gateway</html>', {}, undefined],
  ])('HTTP %i %j → %s', (status, b, headers, expected) => {
    expect(metaAdsClassifier({ status, body: b, headers, message: `HTTP ${status}` })).toBe(expected);
  });
});

describe('metaAdsDescribe', () => {
  it('keeps message, code, subcode and fbtrace_id', () => {
    expect(metaAdsDescribe(body(190, { error_subcode: 463, message: 'Session has expired' }))).toBe(
      'Session has expired [code 190, subcode 463, fbtrace_id Axyz]',
    );
    expect(metaAdsDescribe('nope')).toBeUndefined();
  });
});

describe('parseUsageHeaders', () => {
  it('takes the highest meter across the three headers', () => {
    const u = parseUsageHeaders({
      'x-business-use-case-usage': buc(40, 0),
      'x-app-usage': JSON.stringify({ call_count: 12, total_cputime: 81, total_time: 3 }),
      'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 9.5, reset_time_duration: 0 }),
    });
    expect(u).toEqual({ maxPct: 81, regainMinutes: 0, meter: 'app total_cputime' });
  });
  it('survives garbage', () => {
    expect(parseUsageHeaders({ 'x-app-usage': '{oops', 'x-business-use-case-usage': '[]' }).maxPct).toBe(0);
  });
});

describe('insightsStartDate', () => {
  it.each([
    [undefined, '2026-01-01', '2026-03-31', 28, '2026-01-01'],
    ['2026-03-31', '2026-01-01', '2026-03-31', 28, '2026-03-03'],
    ['2026-03-01', '2026-01-01', '2026-03-31', 28, '2026-03-02'],
    ['2026-03-31', '2026-03-20', '2026-03-31', 28, '2026-03-20'],
    ['2026-03-31', '2026-01-01', '2026-03-31', 0, '2026-03-31'],
  ])('cursor %s, start %s, end %s, lookback %i → %s', (cursor, start, end, lookback, expected) => {
    expect(insightsStartDate(cursor, start, end, lookback)).toBe(expected);
  });
});
