/**
 * Organic social, the built-in source shipped as a YAML definition
 * (connectors/declarative/shipped/organic-social.yaml), against its Graph API mock, through
 * the CLI like a user: posts and media with their insights as parent → child streams,
 * a Graph throttle (HTTP 400, code 32) retried through the definition's `errors:` rules,
 * organic rows in staging and beside paid numbers in campaign_performance, lineage down
 * to `organic_social.<stream>.<field>`, the incremental `since=` on the next run, and a
 * rejected token named with Graph's own message and code.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceOrganicDay } from '../../../sandbox/organic-social/fixtures.js';
import { withWarehouse } from '../../../pipeline/warehouse/warehouse.js';
import { runCli } from '../../helpers/workspace.js';
import { startTestWorld, type TestWorld } from '../../helpers/world.js';

let tw: TestWorld;
let config: string;

beforeAll(async () => {
  tw = await startTestWorld({ people: 60, days: 7 });
  config = tw.writeConfig({ sources: ['meta_ads', 'organic_social'] });
}, 60_000);
afterAll(async () => tw?.close());

interface StreamRow {
  source: string;
  stream: string;
  status: string;
  read: number;
  retries: number;
}

describe('organic social (Graph API, YAML connector)', () => {
  it('lands posts, media and their insights, retries a Graph throttle, and reaches staging and campaign_performance', async () => {
    const mock = tw.world.mocks.organicSocial;
    const posts = tw.world.organicSocial.posts.length;
    const media = tw.world.organicSocial.media.length;
    mock.faults.inject({ kind: 'rate_limit', times: 1, path: '/insights', after: 2 });
    const r = await runCli(['sync', '--config', config, '--format', 'json'], { env: tw.env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const streams = (JSON.parse(r.stdout) as { streams: StreamRow[] }).streams.filter((s) => s.source === 'organic_social');
    const by = Object.fromEntries(streams.map((s) => [s.stream, s]));
    expect(by.facebook_posts!.read).toBe(posts);
    expect(by.facebook_post_insights!.read).toBe(posts * 4);
    expect(by.instagram_media!.read).toBe(media);
    expect(by.instagram_media_insights!.read).toBe(media * 6);
    // The throttled answer is Graph's: HTTP 400 with code 32, not a 429.
    expect(mock.requests.filter((q) => q.fault === 'rate_limit').map((q) => q.status)).toEqual([400]);
    expect(by.facebook_post_insights!.retries + by.instagram_media_insights!.retries).toBe(1);

    const wh = join(tw.dir.path, 'warehouse.duckdb');
    const { staged, tagged, organic, campaigns } = await withWarehouse(
      wh,
      async (w) => ({
        staged: (await w.all(`select count(*) as n, sum(reach) as reach, count(utm_campaign) as tagged from main.stg_organic_social__facebook_posts`))[0]!,
        tagged: (await w.all(`select count(*) as n from main.stg_organic_social__instagram_media where len(campaign_tags) > 1`))[0]!,
        organic: (await w.all(`select sum(organic_posts) as posts, sum(organic_reach) as reach, sum(organic_engagements) as engagements, count(*) filter (where organic_posts > 0 and impressions > 0) as beside_paid from main.campaign_performance`))[0]!,
        campaigns: (await w.all(`select utm_campaign from main.campaigns where utm_campaign is not null`)).map((x) => String(x.utm_campaign)),
      }),
      { readOnly: true },
    );
    expect(Number(staged.n)).toBe(posts);
    expect(Number(staged.reach)).toBeGreaterThan(0);
    // Two posts in three share a link with a utm_campaign; brand posts carry none.
    const linked = tw.world.organicSocial.posts.filter((p) => p.link !== null);
    expect(Number(staged.tagged)).toBe(linked.length);
    expect(Number(tagged.n)).toBe(tw.world.organicSocial.media.filter((m) => /#northwind #/.test(m.caption)).length);
    // Every campaign post whose campaign the warehouse knows counts once, on Facebook and on Instagram.
    const known = new Set(campaigns);
    const expected = linked.filter((p) => known.has(new URL(p.link!).searchParams.get('utm_campaign')!)).length * 2;
    expect(expected).toBeGreaterThan(0);
    expect(Number(organic.posts)).toBe(expected);
    expect(Number(organic.engagements)).toBeGreaterThan(0);
    expect(Number(organic.beside_paid)).toBeGreaterThan(0);
  });

  it('traces organic reach and engagement to the Graph fields they come from', async () => {
    const r = await runCli(['lineage', '--config', config, 'campaign_performance.organic_engagements', '--format', 'json'], { env: tw.env });
    expect(r.code, r.stderr).toBe(0);
    const fields = (JSON.parse(r.stdout) as { fields?: string[] }).fields ?? [];
    expect(fields).toEqual(
      expect.arrayContaining([
        'organic_social.facebook_post_insights.values',
        'organic_social.facebook_posts.shares.count',
        'organic_social.facebook_posts.comments.summary.total_count',
        'organic_social.instagram_media_insights.values',
      ]),
    );
  });

  it('reads only posts and media published since the saved cursor less a week, the next day', async () => {
    advanceOrganicDay(tw.world.organicSocial);
    const lastPost = tw.world.organicSocial.posts.at(-2)!.created_time;
    const before = tw.world.mocks.organicSocial.requests.length;
    const r = await runCli(['sync', '--config', config, '--source', 'organic_social', '--extract-only', '--format', 'json'], { env: tw.env });
    expect(r.code, r.stderr).toBe(0);
    const first = tw.world.mocks.organicSocial.requests.slice(before).find((q) => q.path.endsWith('/posts'))!;
    expect(new URLSearchParams(first.query).get('since')).toBe(new Date(Date.parse(lastPost) - 7 * 86_400_000).toISOString());
    const read = (JSON.parse(r.stdout) as { streams: StreamRow[] }).streams.find((s) => s.stream === 'facebook_posts')!.read;
    expect(read).toBe(tw.world.organicSocial.posts.filter((p) => Date.parse(p.created_time) >= Date.parse(lastPost) - 7 * 86_400_000).length);
  });

  it('names a rejected token with Graph’s message and code, and exits 1', async () => {
    const r = await runCli(['check', '--config', config, '--source', 'organic_social'], { env: { ...tw.env, ORGANIC_SOCIAL_TOKEN: 'EAAG-not-the-token' } });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/Invalid OAuth access token.*code 190/);
    expect(r.stdout + r.stderr).not.toContain('EAAG-not-the-token');
  });
});
