import { describe, expect, it } from 'vitest';
import type { HelpArticleSummary } from '../../../domain/help';
import { articleBlocks, articlesByCategory, blockOfAnchor, snippetParts } from './help-article';

/** As the help API serves it (materials-diabetes and parts of others), shortened. */
const html = [
  '<p>除了<a href="/help/materials-chronic-general" data-help-slug="materials-chronic-general">每个病种都要准备的材料</a>，还要准备：</p>',
  '<ul>',
  '<li><strong>近一年内 3 次门诊降糖治疗记录</strong><sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup></li>',
  '</ul>',
  '<h2 id="第三步-填写申请">第三步：填写申请</h2>',
  '<p><span class="help-screenshot-pending" data-screenshot="patient-apply-chronic.png">（截图：填写门诊慢特病申请）</span></p>',
  '<p>先看<a href="/help/apply-chronic#%E7%AC%AC%E4%BA%8C%E6%AD%A5" data-help-slug="apply-chronic" data-help-anchor="第二步">第二步</a>，再看<a href="/help/contact" data-help-slug="contact">联系医保办</a>。</p>',
  '<p><img src="/api/help/screens/patient-sign-in.png" alt="登录页" data-screenshot="patient-sign-in.png"></p>',
  '<div class="help-confirm"><p class="help-confirm-title">请向医保办确认</p>',
  '<p>江西的病种名称是&ldquo;糖尿病伴有并发症&rdquo; &amp; 其他。</p>',
  '</div>',
  '<div class="footnotes help-sources">',
  '<ol class="footnotes-list">',
  '<li id="fn1" class="footnote-item"><p>网址：<a href="http://www.nhsa.gov.cn/art/2021/5/10/art_38_5024.html" rel="noopener noreferrer" target="_blank">国家医保局</a>。 <a href="#fnref1" class="footnote-backref">↩︎</a></p>',
  '</li>',
  '</ol>',
  '</div>'
].join('\n');

describe('a help article for rich-text', () => {
  const blocks = articleBlocks(html, path => `https://yb.example.cn${path}`);

  it('cuts it at its top-level elements and leaves out screenshots not made yet', () => {
    expect(blocks.map(block => /^<([a-z0-9]+)/.exec(block.html)?.[1])).toEqual([
      'p',
      'ul',
      'h2',
      'p',
      'p',
      'div',
      'div'
    ]);
    expect(blocks.some(block => block.html.includes('help-screenshot-pending'))).toBe(false);
  });

  it('reads the links to other articles, with their anchors, and the outside ones', () => {
    expect(blocks[0]?.links).toEqual([
      { slug: 'materials-chronic-general', anchor: null, text: '每个病种都要准备的材料' }
    ]);
    expect(blocks[3]?.links).toEqual([
      { slug: 'apply-chronic', anchor: '第二步', text: '第二步' },
      { slug: 'contact', anchor: null, text: '联系医保办' }
    ]);
    expect(blocks[1]?.links).toEqual([]);
    expect(blocks[6]?.external).toEqual([
      { href: 'http://www.nhsa.gov.cn/art/2021/5/10/art_38_5024.html', text: '国家医保局' }
    ]);
  });

  it('finds the block of a heading or a footnote by its id', () => {
    expect(blockOfAnchor(blocks, '第三步-填写申请')).toBe(2);
    expect(blockOfAnchor(blocks, 'fn1')).toBe(6);
    expect(blockOfAnchor(blocks, 'nothing')).toBeUndefined();
  });

  it('styles every element inline, keeps the text as it was and makes picture addresses absolute', () => {
    expect(blocks[2]?.html).toMatch(/^<h2 id="第三步-填写申请" style="font-size:21px;[^"]*">第三步：填写申请<\/h2>$/);
    expect(blocks[0]?.html).toContain(
      '<a href="/help/materials-chronic-general" data-help-slug="materials-chronic-general" style="color:#0b6e4f;'
    );
    expect(blocks[4]?.html).toContain('src="https://yb.example.cn/api/help/screens/patient-sign-in.png"');
    expect(blocks[4]?.html).toMatch(/<img [^>]*style="max-width:100%;[^"]*"\s*\/?>/);
    expect(blocks[5]?.html).toContain('border-left:4px solid #c99700');
    expect(blocks[5]?.html).toContain('&ldquo;糖尿病伴有并发症&rdquo; &amp; 其他');
    expect(blocks[6]?.html).toMatch(/class="footnote-backref" style="[^"]*display:none;">↩︎/);
    const text = (fragment: string) => fragment.replace(/<[^>]*>|\s+/g, '');
    const shown = html.replace(/<p><span class="help-screenshot-pending".*<\/p>/, '');
    expect(blocks.map(block => text(block.html)).join('')).toBe(text(shown));
  });
});

describe('the help home', () => {
  const article = (slug: string, category: HelpArticleSummary['category'], order: number, audience = ['patient']) =>
    ({
      slug,
      title: slug,
      audience,
      category,
      categoryLabel: '',
      summary: '',
      updated: '2026-11-25',
      order
    }) as HelpArticleSummary;
  const articles = [
    article('faq-apply', 'faq', 1),
    article('doctor-review', 'guide', 5, ['doctor']),
    article('materials-diabetes', 'materials', 20),
    article('materials-chronic-general', 'materials', 10),
    article('admin-follow-up', 'guide', 9, ['admin']),
    article('policy-chronic', 'policy', 1)
  ];

  it("groups a patient's articles by category in the server's order, each by its own order", () => {
    expect(articlesByCategory(articles, ['patient'])).toEqual([
      { category: 'policy', label: '政策解读', articles: [articles[5]] },
      { category: 'materials', label: '材料清单', articles: [articles[3], articles[2]] },
      { category: 'faq', label: '常见问题', articles: [articles[0]] }
    ]);
  });

  it("adds a doctor's own articles for a doctor, and never the administrators'", () => {
    const groups = articlesByCategory(articles, ['patient', 'doctor']);
    expect(groups.find(group => group.category === 'guide')?.articles.map(item => item.slug)).toEqual([
      'doctor-review'
    ]);
  });
});

describe('a search hit', () => {
  it('marks the matched parts of its snippet, whatever the order of the ranges, ignoring ranges past its end', () => {
    expect(
      snippetParts('…糖尿病伴有并发症的，要准备糖尿病…', [
        [14, 17],
        [1, 4],
        [30, 33]
      ])
    ).toEqual([
      { text: '…', hit: false },
      { text: '糖尿病', hit: true },
      { text: '伴有并发症的，要准备', hit: false },
      { text: '糖尿病', hit: true },
      { text: '…', hit: false }
    ]);
  });
});
