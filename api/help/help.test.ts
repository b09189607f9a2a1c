import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diseases } from '../../db/schema';
import { applicationStatuses } from '../../domain/application-status';
import {
  helpArticleListSchema,
  helpArticleSchema,
  helpMaterialsSchema,
  helpSearchResultSchema,
  helpStatusListSchema
} from '../../domain/help';
import { call } from '../../test/support/http';
import { startTestSystem, type TestSystem } from '../../test/support/system';

/** A catalogue row with a local code, to see the materials lookup go through the database by name. */
const localCode = 'M01698';

describe('help centre API (public, cached)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('help', {}, { worker: false });
    await system.core.database.db
      .insert(diseases)
      .values({ code: localCode, name: '糖尿病黄斑水肿', majorClassName: '糖尿病', valid: false, version: 'help-test' })
      .onConflictDoNothing();
  });
  afterAll(async () => {
    await system?.core.database.db.delete(diseases).where(eq(diseases.code, localCode));
    await system?.stop();
  });

  it('lists the articles without sign-in, filtered by audience and category', async () => {
    const all = await call(system, 'GET', '/api/help/articles');
    expect(all.status).toBe(200);
    const list = helpArticleListSchema.parse(all.body);
    expect(list.items.length).toBeGreaterThanOrEqual(20);
    expect(list.items.map(item => item.slug)).toContain('materials-diabetes');
    expect(list.version).toMatch(/^[0-9a-f]{16}$/);
    const faq = helpArticleListSchema.parse(
      (await call(system, 'GET', '/api/help/articles?audience=doctor&category=faq')).body
    );
    expect(faq.items.map(item => item.slug)).toEqual(['faq-doctor']);
  });

  it('serves an article as sanitized HTML with its Markdown, front matter, sections and sources', async () => {
    const response = await call(system, 'GET', '/api/help/articles/materials-diabetes');
    expect(response.status).toBe(200);
    const article = helpArticleSchema.parse(response.body);
    expect(article.html).toContain('近一年内 3 次门诊降糖治疗记录');
    expect(article.markdown).toContain('[^jx-chronic-standards-data]');
    expect(article.frontMatter.materials?.diseases[0]?.codes).toContain('M01600');
    expect(article.sources.map(source => source.id)).toEqual(['jx-chronic-standards-data']);
    expect(article.toConfirm.length).toBeGreaterThan(0);

    const statuses = helpArticleSchema.parse(
      (await call(system, 'GET', '/api/help/articles/application-statuses')).body
    );
    expect(statuses.sections.map(section => section.id)).toEqual([...applicationStatuses]);
    expect(statuses.screenshots).toEqual([]);
    const guide = helpArticleSchema.parse((await call(system, 'GET', '/api/help/articles/apply-chronic')).body);
    expect(guide.screenshots).toContainEqual({ name: 'patient-apply-chronic.png', ready: false });
  });

  it('answers 404 for an unknown article and 400 for a malformed name', async () => {
    const missing = await call(system, 'GET', '/api/help/articles/no-such-article');
    expect(missing).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: '文章不存在' } });
    expect((await call(system, 'GET', `/api/help/articles/${encodeURIComponent('../settings')}`)).status).toBe(400);
  });

  it('searches in Chinese and in pinyin initials', async () => {
    for (const [query, slug] of [
      ['糖尿病', 'materials-diabetes'],
      ['tnb', 'materials-diabetes'],
      ['双通道', 'policy-dual-channel'],
      ['门特', 'policy-chronic'],
      ['备案', undefined]
    ] as const) {
      const response = await call(system, 'GET', `/api/help/search?q=${encodeURIComponent(query)}`);
      expect(response.status, query).toBe(200);
      const result = helpSearchResultSchema.parse(response.body);
      expect(result.items.length, query).toBeGreaterThan(0);
      if (slug) expect(result.items.map(item => item.slug).slice(0, 3), query).toContain(slug);
    }
  });

  it('refuses an empty or overlong search with a Chinese message', async () => {
    const empty = await call<{ code: string; message: string }>(system, 'GET', '/api/help/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('查询参数不正确');
    expect((await call(system, 'GET', `/api/help/search?q=${'病'.repeat(51)}`)).status).toBe(400);
  });

  it('gives the materials for a disease code in one call, and finds a local code by its catalogue name', async () => {
    const byCode = helpMaterialsSchema.parse(
      (await call(system, 'GET', '/api/help/materials?kind=chronic&diseaseCode=M01600')).body
    );
    expect(byCode).toMatchObject({ matchedBy: 'code', diseaseClass: '糖尿病伴有并发症' });
    expect(byCode.groups).toHaveLength(2);

    const byName = helpMaterialsSchema.parse(
      (await call(system, 'GET', `/api/help/materials?diseaseCode=${localCode}`)).body
    );
    expect(byName).toMatchObject({
      matchedBy: 'name',
      disease: { code: localCode, name: '糖尿病黄斑水肿' },
      diseaseClass: '糖尿病伴有并发症'
    });

    const dual = helpMaterialsSchema.parse((await call(system, 'GET', '/api/help/materials?kind=dual_channel')).body);
    expect(dual.groups.map(group => group.slug)).toEqual(['materials-dual-channel']);
    expect((await call(system, 'GET', '/api/help/materials?kind=other')).status).toBe(400);
  });

  it('explains every status for the application pages', async () => {
    const list = helpStatusListSchema.parse((await call(system, 'GET', '/api/help/statuses')).body);
    expect(list.items.map(item => item.status)).toEqual([...applicationStatuses]);
  });

  it('lets caches keep the answers and revalidate them with the ETag', async () => {
    const first = await fetch(`${system.apiUrl}/api/help/articles/contact`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http, as a browser cache revalidates: fetch() adds `Cache-Control: no-cache` to conditional requests.
    const again = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get(`${system.apiUrl}/api/help/articles/contact`, { headers: { 'if-none-match': etag! } }, response => {
          response.resume();
          resolve(response.statusCode);
        })
        .on('error', reject)
    );
    expect(again).toBe(304);
    const search = await fetch(`${system.apiUrl}/api/help/search?q=${encodeURIComponent('糖尿病')}`);
    expect(search.headers.get('cache-control')).toBe('public, max-age=300');
    // A refusal is not cached.
    const refused = await fetch(`${system.apiUrl}/api/help/articles/no-such-article`);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('describes the help routes in the OpenAPI document as needing no sign-in', async () => {
    const document = (
      await call<{ paths: Record<string, Record<string, { security?: unknown }>> }>(system, 'GET', '/api/openapi.json')
    ).body;
    for (const path of [
      '/api/help/articles',
      '/api/help/articles/{slug}',
      '/api/help/search',
      '/api/help/materials',
      '/api/help/statuses'
    ]) {
      expect(document.paths[path]?.get, path).toBeDefined();
      expect(document.paths[path]?.get?.security, path).toBeUndefined();
    }
  });
});
