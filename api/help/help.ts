/**
 * The help centre's API: articles, search, materials per disease and status explanations. Public: patients
 * read it before they have an account, and it holds nothing personal. The content is loaded once at start-up,
 * so answers change only with a deployment: they may be cached (Express adds an ETag from the body, and a
 * request with a matching If-None-Match gets 304).
 */
import { eq } from 'drizzle-orm';
import type { Response } from 'express';
import type { Database } from '../../db/connection';
import { diseases } from '../../db/schema';
import {
  helpArticleListQuerySchema,
  helpArticleListSchema,
  helpArticleSchema,
  helpCategoryLabels,
  helpMaterialsQuerySchema,
  helpMaterialsSchema,
  helpSearchQuerySchema,
  helpSearchResultSchema,
  helpSlugParamsSchema,
  helpStatusListSchema,
  type HelpArticle,
  type HelpArticleSummary
} from '../../domain/help';
import type { HelpContent, LoadedArticle } from '../../help/content';
import { materialsFor, type CatalogueDisease } from '../../help/materials';
import type { HelpSearch } from '../../help/search';
import type { ApiModule } from '../app';
import { notFound } from '../errors';

export interface HelpModuleDependencies {
  db: Database;
  content: HelpContent;
  search: HelpSearch;
}

/** The disease's name in the catalogue (1309), for codes the materials files do not list. */
async function catalogueDisease(db: Database, code: string): Promise<CatalogueDisease | undefined> {
  const [row] = await db
    .select({ name: diseases.name, majorClassName: diseases.majorClassName })
    .from(diseases)
    .where(eq(diseases.code, code))
    .limit(1);
  return row;
}

const publicReason = '帮助中心是公开的就医指南，患者登录前也要能查看，内容不含个人信息';
const tags = ['帮助中心'];

/** Five minutes in any cache, then revalidated with the ETag. */
function cacheable(response: Response): void {
  response.setHeader('Cache-Control', 'public, max-age=300');
}

function summaryOf(article: LoadedArticle): HelpArticleSummary {
  const { frontMatter } = article;
  return {
    slug: frontMatter.slug,
    title: frontMatter.title,
    audience: frontMatter.audience,
    category: frontMatter.category,
    categoryLabel: helpCategoryLabels[frontMatter.category],
    summary: frontMatter.summary,
    updated: frontMatter.updated,
    order: frontMatter.order
  };
}

function articleOf(content: HelpContent, article: LoadedArticle): HelpArticle {
  const { frontMatter } = article;
  return {
    ...summaryOf(article),
    keywords: frontMatter.keywords,
    html: article.html,
    markdown: article.markdown,
    frontMatter,
    sections: article.sections.flatMap(section =>
      section.id === null ? [] : [{ id: section.id, title: section.title ?? '', level: section.level }]
    ),
    sources: frontMatter.sources.flatMap(id => {
      const source = content.sources.get(id);
      return source ? [source] : [];
    }),
    screenshots: [...new Set(article.screenshots)].map(name => ({ name, ready: content.readyScreens.has(name) })),
    toConfirm: article.toConfirm
  };
}

export function createHelpModule(deps: HelpModuleDependencies): ApiModule {
  const { content } = deps;
  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/help/articles',
        summary: '帮助文章列表（可按读者、类别筛选）',
        tags,
        access: { public: publicReason },
        query: helpArticleListQuerySchema,
        response: helpArticleListSchema,
        handler: ({ query, response }) => {
          cacheable(response);
          const items = content.articles
            .filter(article => !query.audience || article.frontMatter.audience.includes(query.audience))
            .filter(article => !query.category || article.frontMatter.category === query.category)
            .map(summaryOf);
          return { body: { items, version: content.version } };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/help/articles/:slug',
        summary: '帮助文章：净化后的 HTML、Markdown 原文、front matter、小节、资料来源、截图和待确认事项',
        tags,
        access: { public: publicReason },
        params: helpSlugParamsSchema,
        response: helpArticleSchema,
        errors: { 404: '文章不存在' },
        handler: ({ params, response }) => {
          const article = content.bySlug.get(params.slug);
          if (!article) throw notFound('文章不存在');
          cacheable(response);
          return { body: articleOf(content, article) };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/help/search',
        summary: '全文搜索帮助文章（中文、拼音全拼或首字母，如 tnb = 糖尿病）；标题命中排在正文命中之前',
        tags,
        access: { public: publicReason },
        query: helpSearchQuerySchema,
        response: helpSearchResultSchema,
        handler: ({ query, response }) => {
          cacheable(response);
          const items = deps.search.search(query.q, {
            limit: query.limit,
            ...(query.audience ? { audience: query.audience } : {})
          });
          return { body: { query: query.q, items } };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/help/materials',
        summary: '某类申请（及某个病种）要准备的材料：通用清单加病种清单，附资料来源和提示',
        tags,
        access: { public: publicReason },
        query: helpMaterialsQuerySchema,
        response: helpMaterialsSchema,
        handler: async ({ query, response }) => {
          const catalogue = query.diseaseCode ? await catalogueDisease(deps.db, query.diseaseCode) : undefined;
          cacheable(response);
          return { body: materialsFor(content, query, catalogue) };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/help/statuses',
        summary: '每个申请状态的含义和患者该做什么（与申请详情页的状态对应）',
        tags,
        access: { public: publicReason },
        response: helpStatusListSchema,
        handler: ({ response }) => {
          cacheable(response);
          return { body: { items: content.statusExplanations } };
        }
      });
    }
  };
}
