/**
 * `tributary connector validate <file>`: a good definition lists its streams and raw
 * tables; a bad one exits 2 naming the file, each key path (streams by name) and what
 * was expected — all problems at once, without any network.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../../helpers/workspace.js';

const dir = tempDir('tributary-validate-');
afterAll(() => dir.remove());

describe('tributary connector validate', () => {
  it('accepts the shipped Orbit definition and lists what it lands', async () => {
    const r = await runCli(['connector', 'validate', `${REPO_ROOT}/sandbox/orbit/orbit.yaml`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { connector: string; streams: { stream: string; table: string; parent: string }[] };
    expect(summary.connector).toBe('orbit');
    expect(summary.streams.map((s) => s.table)).toEqual(['raw.orbit_contacts', 'raw.orbit_webinars', 'raw.orbit_attendees']);
    expect(summary.streams[2]!.parent).toBe('webinars');
  });

  it('accepts the shipped organic social definition, errors: rules included', async () => {
    const r = await runCli(['connector', 'validate', `${REPO_ROOT}/connectors/declarative/shipped/organic-social.yaml`, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { connector: string; streams: { table: string }[] };
    expect(summary.streams.map((s) => s.table)).toEqual([
      'raw.organic_social_facebook_posts',
      'raw.organic_social_facebook_post_insights',
      'raw.organic_social_instagram_media',
      'raw.organic_social_instagram_media_insights',
    ]);
  });

  it('says what an errors: rule lacks', async () => {
    const file = dir.file(
      'graphish.yaml',
      `version: 1
name: graphish
base_url: https://graph.example
errors:
  message: $.error.message
  rules:
    - { action: retry }
    - { path: $.error.code, action: auth }
    - { status: 400, path: $.error.code, in: [17], action: wait }
    - { status: 429, path: $.error.message, in: [x], matches: 'DAY', action: quota }
    - { status: 429, matches: 'DAY', action: quota }
    - { status: 429, path: $.error.message, matches: '(DAY', action: quota }
streams:
  - { name: posts, path: /posts, primary_key: [id], schema: { id: string } }
`,
    );
    const r = await runCli(['connector', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('errors.rules.2.action: expected action: retry, auth, quota or fatal');
    expect(r.stderr).toContain('errors.rules.5.matches: expected a regular expression');
    const fixed = dir.file('graphish.yaml', (await import('node:fs')).readFileSync(file, 'utf8').replace('action: wait', 'action: retry').replace("'(DAY'", "'DAY'"));
    const r2 = await runCli(['connector', 'validate', fixed]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('errors.rules.0: expected a status, a path with in: or matches:, or both');
    expect(r2.stderr).toContain('errors.rules.1: path goes with in: or matches: (the body value at path, among in or matching the expression)');
    expect(r2.stderr).toContain('errors.rules.3: in: and matches: test the same value: give one of them');
    expect(r2.stderr).toContain('errors.rules.4: path goes with in: or matches:');
  });

  it('names the file, every wrong key path and what was expected', async () => {
    const file = dir.file(
      'acme.yaml',
      `version: 1
name: acme
config: { token: { type: string, secret: true } }
base_url: https://api.acme.example
auth: { type: bearer, token: '\${config.tokn}' }
streams:
  - name: contacts
    path: /v1/contacts
    params: { since: '\${cursor}' }
    primary_key: [id]
    paging: { type: pages }
    schema: { id: string, email: string }
    pii: { mail: email, email: e-mail }
  - name: notes
    path: /v1/notes/\${parent.id}
    parent: { stream: contact }
    primary_key: [id]
    schema: { id: sting }
`,
    );
    const r = await runCli(['connector', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('acme.yaml is not a valid connector definition');
    expect(r.stderr).toContain('streams.contacts.paging.type: expected paging.type: none, cursor, next_url, link_header, offset or page_number');
    expect(r.stderr).toContain('streams.contacts.pii.email: expected a PII tag');
    expect(r.stderr).toContain('streams.notes.schema.id');
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const shapeOk = dir.file('acme.yaml', (await import('node:fs')).readFileSync(file, 'utf8').replace('type: pages', 'type: none').replace('e-mail', 'email').replace('sting', 'string'));
    const r2 = await runCli(['connector', 'validate', shapeOk]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('auth.token: ${config.tokn} names no key of config: (declared: token)');
    expect(r2.stderr).toContain('streams.contacts.params.since: ${cursor} is only available in a stream with incremental:');
    expect(r2.stderr).toContain('streams.contacts.pii.mail: not a field of the stream\'s schema');
    expect(r2.stderr).toContain('streams.notes.parent.stream: no stream named "contact" (streams: contacts, notes)');
  });
});
