/**
 * The help centre: what its content files declare (front matter, sources, materials per disease) and what the
 * help API answers. Pure: the content loader validates the files with these schemas, the API documents its
 * responses with them, and the console and the mini-program read the same types.
 */
import { z } from 'zod';
import { applicationKindSchema } from './application';
import { applicationKindDefinition } from './application-kinds/registry';
import { applicationStatusSchema } from './application-status';
import { isoDateSchema } from './dates';

export const helpAudiences = ['patient', 'doctor', 'admin'] as const;
export const helpAudienceSchema = z.enum(helpAudiences);
export type HelpAudience = z.infer<typeof helpAudienceSchema>;
export const helpAudienceLabels: Record<HelpAudience, string> = {
  patient: '患者和家属',
  doctor: '医生',
  admin: '医保办'
};

export const helpCategories = ['policy', 'guide', 'materials', 'status', 'faq', 'contact'] as const;
export const helpCategorySchema = z.enum(helpCategories);
export type HelpCategory = z.infer<typeof helpCategorySchema>;
export const helpCategoryLabels: Record<HelpCategory, string> = {
  policy: '政策解读',
  guide: '办理步骤',
  materials: '材料清单',
  status: '申请状态',
  faq: '常见问题',
  contact: '联系我们'
};

/** Lower-case words joined by hyphens; also the article's file name. */
export const helpSlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '文章标识只能包含小写字母、数字和连字符');

/**
 * How far a source may be trusted. `official`: the issuing body's own text; `secondary`: a compilation or a
 * quotation of official texts that the hospital has not compared with the original; `other_province`: another
 * province's rule, shown only as an example; `hospital`: this hospital's own documents and this system.
 */
export const helpSourceReliabilities = ['official', 'secondary', 'other_province', 'hospital'] as const;
export const helpSourceReliabilitySchema = z.enum(helpSourceReliabilities);

export const helpSourceSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/),
    /** Document name as published, e.g. 《关于建立完善国家医保谈判药品“双通道”管理机制的指导意见》. */
    title: z.string().min(2),
    issuer: z.string().min(2),
    /** 文号, e.g. 医保发〔2021〕28号. */
    number: z.string().optional(),
    /** Date the document was issued, when known. */
    published: isoDateSchema.optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    reliability: helpSourceReliabilitySchema,
    /** The day someone last compared the articles' facts with this source; older than the limit = stale. */
    checked: isoDateSchema,
    note: z.string().optional()
  })
  .strict();
export type HelpSource = z.infer<typeof helpSourceSchema>;

/** National 门诊慢特病 codes: M + 3-digit major class + 2-digit subdivision (M01600 糖尿病). */
export const helpDiseaseCodeSchema = z.string().regex(/^M\d{5}$/, '病种编码应为 M 加 5 位数字');

export const helpMaterialItemSchema = z
  .object({
    name: z.string().min(2),
    detail: z.string().optional(),
    /** false: only in some cases (the detail says when). */
    required: z.boolean().default(true),
    /** Id of the source the requirement comes from. */
    source: z.string()
  })
  .strict();
export type HelpMaterialItem = z.infer<typeof helpMaterialItemSchema>;

/** A disease as Jiangxi's list names it, with the catalogue codes and names that mean it. */
export const helpDiseaseClassSchema = z
  .object({
    name: z.string().min(2),
    codes: z.array(helpDiseaseCodeSchema).default([]),
    /** Catalogue names (1309) that mean this disease, for codes the file does not list. */
    aliases: z.array(z.string().min(2)).default([])
  })
  .strict();
export type HelpDiseaseClass = z.infer<typeof helpDiseaseClassSchema>;

/** The materials an article lists: for every application of a kind (`general`) or for some diseases. */
export const helpMaterialsBlockSchema = z
  .object({
    kind: applicationKindSchema,
    scope: z.enum(['general', 'disease']),
    /** The heading of a general list where it is shown beside a disease's own list (申请页、审核页). */
    groupTitle: z.string().min(2).max(20).optional(),
    diseases: z.array(helpDiseaseClassSchema).default([]),
    items: z.array(helpMaterialItemSchema).min(1)
  })
  .strict()
  .refine(block => (block.scope === 'disease') === block.diseases.length > 0, {
    message: '按病种的材料清单要列出病种，通用清单不列病种',
    path: ['diseases']
  });
export type HelpMaterialsBlock = z.infer<typeof helpMaterialsBlockSchema>;

export const helpFrontMatterSchema = z
  .object({
    title: z.string().min(2).max(40),
    slug: helpSlugSchema,
    audience: z.array(helpAudienceSchema).min(1),
    category: helpCategorySchema,
    /** One or two sentences shown in lists and search results. */
    summary: z.string().min(5).max(120),
    updated: isoDateSchema,
    /** Position in its category's list (smaller first). */
    order: z.number().int().min(0).default(100),
    /** Other words people search for (abbreviations such as 门特, 门慢). */
    keywords: z.array(z.string().min(1)).default([]),
    /** Ids in help/sources.yaml; the body cites them as footnotes `[^id]`. */
    sources: z.array(z.string()).default([]),
    materials: helpMaterialsBlockSchema.optional()
  })
  .strict();
export type HelpFrontMatter = z.infer<typeof helpFrontMatterSchema>;

// ——— API ———

export const helpArticleSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  audience: z.array(helpAudienceSchema),
  category: helpCategorySchema,
  categoryLabel: z.string(),
  summary: z.string(),
  updated: z.string(),
  order: z.number()
});
export type HelpArticleSummary = z.infer<typeof helpArticleSummarySchema>;

export const helpArticleListQuerySchema = z
  .object({ audience: helpAudienceSchema.optional(), category: helpCategorySchema.optional() })
  .strict();

export const helpArticleListSchema = z.object({
  items: z.array(helpArticleSummarySchema),
  /** Changes whenever any content file changes. */
  version: z.string()
});

export const helpSectionSchema = z.object({
  /** The heading's id: the HTML anchor, and the part after `#` in links to it. */
  id: z.string(),
  title: z.string(),
  level: z.number().int().min(2).max(3)
});

export const helpScreenshotRefSchema = z.object({
  name: z.string(),
  /** `pending` until `npm run help:screens` has produced the file. */
  ready: z.boolean()
});

export const helpArticleSchema = helpArticleSummarySchema.extend({
  keywords: z.array(z.string()),
  /** Sanitized HTML. Links to other articles are `/help/{slug}#{anchor}` with `data-help-slug` / `data-help-anchor`. */
  html: z.string(),
  /** The Markdown source after the hospital's settings were filled in. */
  markdown: z.string(),
  frontMatter: helpFrontMatterSchema,
  sections: z.array(helpSectionSchema),
  sources: z.array(helpSourceSchema),
  screenshots: z.array(helpScreenshotRefSchema),
  /** Statements in this article that the hospital's 医保办 still has to confirm, as plain text. */
  toConfirm: z.array(z.string())
});
export type HelpArticle = z.infer<typeof helpArticleSchema>;

export const helpSlugParamsSchema = z.object({ slug: helpSlugSchema }).strict();

export const helpSearchQuerySchema = z
  .object({
    q: z.string().trim().min(1, '请输入要搜索的内容').max(50, '搜索内容不能超过50个字'),
    audience: helpAudienceSchema.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20)
  })
  .strict();

export const helpSearchHitSchema = z.object({
  slug: z.string(),
  title: z.string(),
  category: helpCategorySchema,
  /** The section the hit is in; null for the part before the first heading. */
  sectionId: z.string().nullable(),
  sectionTitle: z.string().nullable(),
  /** Plain text around the first match. */
  snippet: z.string(),
  /** [start, end) ranges of `snippet` to emphasise. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  score: z.number()
});
export type HelpSearchHit = z.infer<typeof helpSearchHitSchema>;

export const helpSearchResultSchema = z.object({
  query: z.string(),
  items: z.array(helpSearchHitSchema)
});

export const helpMaterialsQuerySchema = z
  .object({
    kind: applicationKindSchema
      .refine(kind => applicationKindDefinition(kind) !== undefined, '申请类别不正确')
      .default('chronic'),
    diseaseCode: z.string().trim().min(1).max(30).optional()
  })
  .strict();

export const helpMaterialGroupSchema = z.object({
  title: z.string(),
  /** The article that explains this group; link it as `/help/{slug}`. */
  slug: z.string(),
  articleTitle: z.string(),
  items: z.array(helpMaterialItemSchema)
});

export const helpMaterialsSchema = z.object({
  kind: applicationKindSchema,
  disease: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  /** How the disease's own list was found: by its code, by its catalogue name, or not at all. */
  matchedBy: z.enum(['code', 'name', 'none']),
  diseaseClass: z.string().nullable(),
  groups: z.array(helpMaterialGroupSchema),
  /** Shown with the list: where it comes from and whom to ask. */
  notice: z.string(),
  sources: z.array(helpSourceSchema)
});
export type HelpMaterials = z.infer<typeof helpMaterialsSchema>;

export const helpStatusExplanationSchema = z.object({
  status: applicationStatusSchema,
  label: z.string(),
  meaning: z.string(),
  whatToDo: z.string(),
  /** Link to the explanation: `/help/{slug}#{status}`. */
  slug: z.string()
});
export const helpStatusListSchema = z.object({ items: z.array(helpStatusExplanationSchema) });
export type HelpStatusExplanation = z.infer<typeof helpStatusExplanationSchema>;

/** The article that explains every application status; each status is a heading whose id is the status. */
export const helpStatusArticleSlug = 'application-statuses';
/** Markers that open the two parts of each status explanation. */
export const helpStatusMarkers = { meaning: '这是什么意思：', whatToDo: '您需要做什么：' } as const;
