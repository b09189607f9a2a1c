import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applicationStatusLabels, applicationStatuses } from '../domain/application-status';
import { chinaDate } from '../domain/china-time';
import { helpCategories } from '../domain/help';
import { checkHelpContent, minimumFaqEntries } from './check';
import { helpContentDir, HelpContentError, loadHelpContent } from './content';

const today = chinaDate(new Date());
const content = loadHelpContent();

/** A copy of help/ to break on purpose, so each check is seen to fail. */
const copies: string[] = [];
function copyOfContent(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'help-content-'));
  copies.push(dir);
  for (const name of ['settings.yaml', 'sources.yaml', 'screens.yaml'])
    fs.copyFileSync(path.join(helpContentDir, name), path.join(dir, name));
  fs.cpSync(path.join(helpContentDir, 'articles'), path.join(dir, 'articles'), { recursive: true });
  change(dir);
  return dir;
}
function edit(dir: string, file: string, change: (text: string) => string): void {
  const target = path.join(dir, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(target, after);
}
function problemsOf(dir: string, on = today): string[] {
  return checkHelpContent(loadHelpContent(dir), on).problems;
}
function loadProblems(dir: string): string[] {
  try {
    loadHelpContent(dir);
  } catch (error) {
    if (error instanceof HelpContentError) return error.problems;
    throw error;
  }
  return [];
}

afterEach(() => {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('help content as committed', () => {
  it('passes the content check: front matter, sources, dates, links, statuses and FAQ entries', () => {
    const report = checkHelpContent(content, today);
    expect(report.problems).toEqual([]);
    expect(report.faqEntries).toBeGreaterThanOrEqual(minimumFaqEntries);
  });

  it('renders every article to sanitized HTML with its sources listed at the end', () => {
    expect(content.articles.length).toBeGreaterThanOrEqual(20);
    for (const article of content.articles) {
      const where = article.frontMatter.slug;
      expect(article.html.length, where).toBeGreaterThan(100);
      expect(article.html, where).not.toMatch(/<script|<style|<iframe|\son\w+=|javascript:/i);
      expect(article.html, where).not.toContain('{{');
      if (article.citations.length) expect(article.html, where).toContain('资料来源');
    }
  });

  it('covers every category and gives patients and doctors their own articles', () => {
    for (const category of helpCategories)
      expect(
        content.articles.some(article => article.frontMatter.category === category),
        category
      ).toBe(true);
    for (const audience of ['patient', 'doctor'] as const)
      expect(
        content.articles.filter(article => article.frontMatter.audience.includes(audience)).length
      ).toBeGreaterThan(5);
  });

  it('explains every application status under its label, with what it means and what to do', () => {
    expect(content.statusExplanations.map(explanation => explanation.status)).toEqual([...applicationStatuses]);
    for (const explanation of content.statusExplanations) {
      expect(explanation.label).toBe(applicationStatusLabels[explanation.status]);
      expect(explanation.meaning.length, explanation.status).toBeGreaterThanOrEqual(10);
      expect(explanation.whatToDo.length, explanation.status).toBeGreaterThanOrEqual(10);
      expect(explanation.whatToDo).not.toContain('这是什么意思');
    }
  });

  it('lists the screenshots help:screens has not produced yet as pending, each one from the expected list', () => {
    const report = checkHelpContent(content, today);
    const expected = new Set(content.screens.map(screen => screen.name));
    for (const name of report.pendingScreenshots) expect(expected.has(name), name).toBe(true);
    const embedded = new Set(content.articles.flatMap(article => article.screenshots));
    expect(report.pendingScreenshots).toEqual([...embedded].filter(name => !content.readyScreens.has(name)).sort());
    // Reported, not silent: `npm run help:check` prints the same list.
    if (report.pendingScreenshots.length)
      console.info(`pending screenshots (npm run help:screens): ${report.pendingScreenshots.join(', ')}`);
  });

  it('shows the placeholders the hospital has not filled in as marked placeholders, never as invented details', () => {
    const contact = content.bySlug.get('contact')!;
    for (const [key, setting] of Object.entries(content.settings.values)) {
      if (setting.value === null) expect(contact.html, key).toContain(`【待医院确认：${setting.label}】`);
      if (setting.value === null || !setting.confirmed)
        expect(
          contact.toConfirm.some(text => text.includes(key)),
          key
        ).toBe(true);
    }
    expect(contact.html).not.toMatch(/\d{3,4}-\d{7,8}|1[3-9]\d{9}/);
  });
});

describe('the content check fails on', () => {
  it('a source not re-checked within the configured number of days (stale)', () => {
    const oldest = [...content.sources.values()].map(source => source.checked).sort()[0]!;
    const limit = content.settings.factMaxAgeDays;
    const lastGoodDay = new Date(Date.parse(oldest) + limit * 86_400_000).toISOString().slice(0, 10);
    const firstStaleDay = new Date(Date.parse(oldest) + (limit + 1) * 86_400_000).toISOString().slice(0, 10);
    expect(checkHelpContent(content, lastGoodDay).problems.filter(problem => problem.includes('核对日期'))).toEqual([]);
    const stale = checkHelpContent(content, firstStaleDay).problems;
    expect(stale.some(problem => problem.includes('核对日期') && problem.includes(`上限 ${limit} 天`))).toBe(true);
  });

  it('a policy article that cites no source', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/policy-chronic.md', text =>
        text.replace(/\[\^[a-z0-9-]+\]/g, '').replace(/^sources:[\s\S]*?\n---/m, 'sources: []\n---')
      )
    );
    expect(problemsOf(dir)).toContain('policy-chronic.md：政策、材料和常见问题类文章必须注明资料来源');
  });

  it('a citation of a source that sources.yaml does not have (the content cannot be served)', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/policy-chronic.md', text => text.replace('不设起付线。', '不设起付线。[^made-up]'))
    );
    expect(loadProblems(dir)).toContain('policy-chronic.md：引用了 sources.yaml 中没有的资料来源 [^made-up]');
  });

  it('a secondary source cited without a “please confirm” note', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/materials-diabetes.md', text => text.replace(/::: confirm[\s\S]*?:::\n/, ''))
    );
    expect(problemsOf(dir)).toContain(
      'materials-diabetes.md：引用了二手或外省资料，却没有“请向医保办确认”的提示（::: confirm）'
    );
  });

  it('a link to a missing article or heading', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/apply-by-agent.md', text =>
        text
          .replace('(apply-chronic.md#第三步-填写申请)', '(apply-chronic.md#第九步)')
          .replace('(apply-dual-channel.md#', '(no-such-article.md#')
      )
    );
    const problems = problemsOf(dir);
    expect(problems).toContain('apply-by-agent.md：链接指向 apply-chronic 中不存在的标题 #第九步');
    expect(problems).toContain('apply-by-agent.md：链接指向不存在的文章 no-such-article');
  });

  it('a status without an explanation', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/application-statuses.md', text =>
        text.replace(/## 已撤回 \{#withdrawn\}[\s\S]*?(?=## )/, '')
      )
    );
    expect(problemsOf(dir)).toContain('application-statuses.md：缺少状态「已撤回」（#withdrawn）的说明');
  });

  it('a screenshot that is not in the expected list', () => {
    const dir = copyOfContent(copy =>
      edit(copy, 'articles/apply-chronic.md', text => text.replace('screens/patient-sign-in.png', 'screens/old.png'))
    );
    expect(problemsOf(dir)).toContain('apply-chronic.md：截图 old.png 不在 screens.yaml 的清单中');
  });

  it('fewer FAQ entries than the minimum', () => {
    const dir = copyOfContent(copy => {
      for (const name of fs.readdirSync(path.join(copy, 'articles')).filter(file => file.startsWith('faq-')))
        fs.rmSync(path.join(copy, 'articles', name));
    });
    expect(problemsOf(dir)).toContain(`常见问题只有 0 条，至少需要 ${minimumFaqEntries} 条`);
  });

  it('front matter without a required field (the content cannot be served)', () => {
    const dir = copyOfContent(copy => edit(copy, 'articles/contact.md', text => text.replace(/^updated: .*\n/m, '')));
    expect(loadProblems(dir).some(problem => problem.startsWith('contact.md：updated'))).toBe(true);
  });
});

describe('rendering', () => {
  it('drops raw HTML and script links written into an article', () => {
    const dir = copyOfContent(copy =>
      edit(
        copy,
        'articles/contact.md',
        text => `${text}\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>\n`
      )
    );
    const html = loadHelpContent(dir).bySlug.get('contact')!.html;
    // Shown as text at most, never as elements or attributes.
    expect(html).not.toMatch(/<script|<img src="?x|<[^>]*\son\w+=|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('links articles as /help/{slug}#{anchor} with data attributes the fronts can route on', () => {
    const html = content.bySlug.get('apply-by-agent')!.html;
    expect(html).toContain(
      `href="/help/apply-chronic#${encodeURIComponent('第三步-填写申请')}" data-help-slug="apply-chronic" data-help-anchor="第三步-填写申请"`
    );
  });

  it('shows a pending screenshot as its caption and a produced one as an image from the help API', () => {
    const pending = content.bySlug.get('apply-chronic')!.html;
    expect(pending).toContain(
      '<span class="help-screenshot-pending" data-screenshot="patient-sign-in.png">（截图：小程序登录页）</span>'
    );
    const dir = copyOfContent(copy => {
      fs.mkdirSync(path.join(copy, 'screens'));
      fs.writeFileSync(path.join(copy, 'screens', 'patient-sign-in.png'), 'not really a png');
    });
    const ready = loadHelpContent(dir);
    expect(ready.bySlug.get('apply-chronic')!.html).toContain(
      '<img src="/api/help/screens/patient-sign-in.png" alt="小程序登录页" data-screenshot="patient-sign-in.png" />'
    );
    expect(checkHelpContent(ready, today).pendingScreenshots).not.toContain('patient-sign-in.png');
  });
});
