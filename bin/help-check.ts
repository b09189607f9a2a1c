/**
 * `npm run help:check`: the help centre's content check (help/check.ts) as a report for the people who write
 * and confirm the content — problems (exit 1), screenshots still pending, statements the 医保办 has to confirm.
 */
import { chinaDate } from '../domain/china-time';
import { checkHelpContent } from '../help/check';
import { HelpContentError, loadHelpContent } from '../help/content';

const today = chinaDate(new Date());
try {
  const content = loadHelpContent();
  const report = checkHelpContent(content, today);
  const list = (title: string, lines: string[]) => {
    console.log(`\n${title}（${lines.length}）`);
    for (const line of lines) console.log(`  - ${line}`);
  };
  console.log(
    `帮助内容 ${content.version}：${content.articles.length} 篇文章，${report.faqEntries} 条常见问题，${content.sources.size} 个资料来源，核对日期上限 ${content.settings.factMaxAgeDays} 天（今天 ${today}）`
  );
  list('问题', report.problems);
  list('待生成的截图（npm run help:screens）', report.pendingScreenshots);
  list(
    '待医保办确认',
    report.toConfirm.map(item => `${item.slug}：${item.text}`)
  );
  list('外部链接（未联网检查）', report.externalLinks);
  process.exitCode = report.problems.length ? 1 : 0;
} catch (error) {
  if (!(error instanceof HelpContentError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
