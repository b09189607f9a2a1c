import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHelpContent } from './content';
import { materialsFor } from './materials';
import { buildHelpSearch, queryTerms } from './search';

const content = loadHelpContent();
const help = buildHelpSearch(content);

/** The text a hit highlights, taken from its snippet. */
function highlighted(hit: { snippet: string; highlights: [number, number][] }): string[] {
  return hit.highlights.map(([start, end]) => hit.snippet.slice(start, end));
}

describe('help search', () => {
  it.each([
    ['糖尿病', '糖尿病'],
    ['门特', '门特'],
    ['双通道', '双通道'],
    ['备案', '备案']
  ])('finds %s and highlights it in the snippet', (query, text) => {
    const hits = help.search(query);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some(hit => highlighted(hit).includes(text))).toBe(true);
  });

  it.each([
    ['tnb', '糖尿病', 'materials-diabetes'],
    ['tangniaobing', '糖尿病', 'materials-diabetes'],
    ['std', '双通道', 'policy-dual-channel'],
    ['shuangtongdao', '双通道', 'policy-dual-channel']
  ])('finds pinyin %s as %s, with the article about it first', (query, text, slug) => {
    const hits = help.search(query);
    expect(`${hits[0]!.title} ${hits[0]!.sectionTitle ?? ''}`).toContain(text);
    expect(hits.slice(0, 3).map(hit => hit.slug)).toContain(slug);
    expect(highlighted(hits[0]!)).toEqual([text]);
  });

  it('finds full pinyin while it is still being typed', () => {
    expect(help.search('tangniao')[0]?.slug).toBe('materials-diabetes');
  });

  it('ranks a hit in a title or heading above hits in the body only', () => {
    const hits = help.search('糖尿病');
    expect(hits[0]!.title).toContain('糖尿病');
    const firstBodyOnly = hits.findIndex(hit => !hit.title.includes('糖尿病') && !hit.sectionTitle?.includes('糖尿病'));
    const lastTitled = hits.findLastIndex(hit => hit.title.includes('糖尿病'));
    expect(lastTitled).toBeLessThan(firstBodyOnly);
  });

  it('answers a question in plain words with the section that answers it', () => {
    expect(help.search('双通道的药在哪里买')[0]).toMatchObject({
      slug: 'faq-dual-channel',
      sectionTitle: '双通道的药在哪里买？'
    });
    expect(help.search('糖尿病要准备什么材料')[0]?.slug).toBe('materials-diabetes');
    expect(help.search('老人不会用手机怎么办')[0]?.sectionTitle).toBe('老人不会用手机，怎么办？');
  });

  it('keeps to the articles of one audience when asked', () => {
    const doctors = help.search('审核', { audience: 'doctor' });
    expect(doctors.length).toBeGreaterThan(0);
    for (const hit of doctors) expect(content.bySlug.get(hit.slug)!.frontMatter.audience).toContain('doctor');
    expect(help.search('审核', { audience: 'patient' }).some(hit => hit.slug === 'faq-doctor')).toBe(false);
  });

  it('finds nothing for text that is in no article, and limits the number of hits', () => {
    expect(help.search('天文望远镜')).toEqual([]);
    expect(help.search('xqzv')).toEqual([]);
    expect(help.search('备案', { limit: 3 })).toHaveLength(3);
  });

  it('answers any text of up to 50 characters without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 50 })),
        query => Array.isArray(help.search(query))
      ),
      { numRuns: 300 }
    );
  });

  it('splits Chinese into character pairs and keeps Latin words whole', () => {
    expect(queryTerms('糖尿病 eGFR')).toEqual(['糖尿', '尿病', 'egfr']);
    expect(queryTerms('病')).toEqual(['病']);
    expect(queryTerms('ＡＢＣ１２')).toEqual(['abc12']);
  });
});

describe('materials for a disease', () => {
  it('lists the general chronic materials and the disease’s own, found by its code', () => {
    const materials = materialsFor(content, { kind: 'chronic', diseaseCode: 'M01600' });
    expect(materials).toMatchObject({ matchedBy: 'code', diseaseClass: '糖尿病伴有并发症' });
    expect(materials.groups.map(group => group.slug)).toEqual(['materials-chronic-general', 'materials-diabetes']);
    expect(materials.groups[1]!.items.map(item => item.name)).toContain('近一年内 3 次门诊降糖治疗记录');
    expect(materials.notice).toContain('提交前请向医保办确认');
    expect(materials.sources.map(source => source.id)).toContain('jx-chronic-standards-data');
  });

  it('finds a disease by its catalogue name when the code is a local one', () => {
    const materials = materialsFor(
      content,
      { kind: 'chronic', diseaseCode: 'M01699' },
      { name: '糖尿病黄斑水肿', majorClassName: '糖尿病' }
    );
    expect(materials).toMatchObject({
      matchedBy: 'name',
      diseaseClass: '糖尿病伴有并发症',
      disease: { code: 'M01699', name: '糖尿病黄斑水肿' }
    });
  });

  it('falls back to the general list and says so for a disease without its own list', () => {
    const materials = materialsFor(
      content,
      { kind: 'chronic', diseaseCode: 'M02300' },
      {
        name: '帕金森病',
        majorClassName: null
      }
    );
    expect(materials.matchedBy).toBe('none');
    expect(materials.groups.map(group => group.slug)).toEqual(['materials-chronic-general']);
    expect(materials.notice).toContain('还没有整理专门的材料要求');
  });

  it('lists the dual-channel materials, with the agent’s details as needed only in some cases', () => {
    const materials = materialsFor(content, { kind: 'dual_channel' });
    expect(materials.groups.map(group => group.slug)).toEqual(['materials-dual-channel']);
    expect(materials.groups[0]!.items.find(item => item.name === '代办人的信息')?.required).toBe(false);
  });

  it('gives every disease code in the materials files one list only, and each list a source', () => {
    for (const article of content.articles)
      for (const code of article.frontMatter.materials?.diseases.flatMap(disease => disease.codes) ?? []) {
        const materials = materialsFor(content, { kind: 'chronic', diseaseCode: code });
        expect(materials.matchedBy, code).toBe('code');
        expect(materials.groups.at(-1)!.slug, code).toBe(article.frontMatter.slug);
        for (const group of materials.groups)
          for (const item of group.items) expect(content.sources.has(item.source), item.name).toBe(true);
      }
  });
});
