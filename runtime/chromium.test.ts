import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { eformHtml, type DualChannelEformData } from '../application-kinds/dual-channel-eform';
import { PdfPrinter } from '../application-kinds/pdf-printer';
import { debianChromiumPath, embeddedCjkFont, resolveChromium } from './chromium';

const run = promisify(execFile);

const sheet: DualChannelEformData = {
  applicationNo: 'SD202611290001',
  applicationDate: '2026-11-29',
  patientName: '张秀英',
  patientIdNoMasked: '360102********1234',
  sex: '女',
  birthDate: '1962-03-14',
  insuredPersonNo: '36010000000000000001',
  insuranceType: '310 职工基本医疗保险',
  beginDate: '2026-12-01',
  endDate: '2027-11-30',
  patientPhoneMasked: '139****8822',
  patientAddressMasked: '江西省南昌市东湖区****',
  diagnosisBasis: '乳腺恶性肿瘤术后，HER2 阳性',
  drugs: [
    { code: 'XL01FDP118B001010100000', name: '帕妥珠单抗注射液', specification: '420mg/14ml', limit: '每 21 天 1 支' }
  ],
  institutions: [{ code: 'P36010000001', name: '江西省医药集团双通道药房', poolingAreaCode: '360100' }],
  doctor1: { staffNo: 'D1001', name: '王建国' },
  doctor2: undefined,
  agent: undefined,
  reviewOpinion: '符合双通道用药条件'
};

describe('finding a Chromium', () => {
  it('uses CHROMIUM_PATH when it names an executable, and reports it when it does not', async () => {
    const chosen = await resolveChromium({ chromiumPath: debianChromiumPath });
    expect(chosen).toMatchObject({ executablePath: debianChromiumPath, origin: 'CHROMIUM_PATH' });
    // A wrong path is reported, not replaced by another browser behind the operator's back.
    expect(await resolveChromium({ chromiumPath: '/opt/nowhere/chromium' })).toEqual({
      problem: 'CHROMIUM_PATH /opt/nowhere/chromium is not an executable file'
    });
  });

  it("takes Debian's Chromium when there is one", async () => {
    expect(await resolveChromium()).toMatchObject({ executablePath: debianChromiumPath, origin: 'debian' });
  });

  it('prints a Chinese e-form with the npm-shipped Chromium that looks exactly like the one Debian prints', async () => {
    const browser = await resolveChromium({ debianPath: '/nonexistent/chromium' });
    if ('problem' in browser) throw new Error(browser.problem);
    expect(browser.origin).toBe('npm');
    const font = embeddedCjkFont();
    const npmPrinter = new PdfPrinter({ ...browser, font });
    const debianPrinter = new PdfPrinter({ executablePath: debianChromiumPath, font });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eform-npm-'));
    try {
      const pages: Buffer[] = [];
      for (const [name, printer] of [
        ['npm', npmPrinter],
        ['debian', debianPrinter]
      ] as const) {
        const pdf = path.join(folder, `${name}.pdf`);
        fs.writeFileSync(pdf, await printer.print(eformHtml(sheet)));
        const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
        expect(text).toContain('江西省医疗保障双通道药品备案申请表');
        expect(text).toContain('帕妥珠单抗注射液');
        await run('pdftoppm', ['-r', '60', '-gray', '-singlefile', pdf, path.join(folder, name)]);
        pages.push(fs.readFileSync(path.join(folder, `${name}.pgm`)));
      }
      // Two different Chromium builds, one font: the same pixels.
      expect(pages[0]!.equals(pages[1]!)).toBe(true);
    } finally {
      await npmPrinter.close();
      await debianPrinter.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('loads the CJK font from the npm package into a page set from a string', async () => {
    const browser = await chromium.launch({ executablePath: debianChromiumPath, args: ['--no-sandbox'] });
    try {
      const font = embeddedCjkFont();
      const context = await browser.newContext();
      await font.serve(context);
      const page = await context.newPage();
      await page.setContent(
        `<html><head><style>${font.css}</style></head><body style="font-family: 'Noto Sans SC'">江西省医疗保障</body></html>`
      );
      const loaded = await page.evaluate(`document.fonts.ready.then(fonts =>
        [...fonts].filter(face => face.family.includes('Noto Sans SC') && face.status === 'loaded').length)`);
      expect(loaded).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
