/**
 * The mini-program's H5 build in real Chromium with a phone viewport, against the real stack (API, worker,
 * Temporal, PostgreSQL, the Yibao and HIS simulators): what a patient and a doctor do, by the texts of the
 * UI contract. Every page visited is saved as a screenshot under test-output/miniapp/.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName } from '../domain/masking';
import { ensureFrontBuilt } from '../runtime/front-builds';
import { frontNamed } from '../runtime/fronts';
import {
  decideAtBureau,
  detailOf,
  dualChannelPath,
  linkPerson,
  submitChronic,
  syncCatalogue,
  waitForStatus
} from './support/applications';
import { call, signInStaff, simPersons, type SimPerson } from './support/http';
import { launchBrowser, Phone } from './support/phone';
import { startTestSystem, testPassword, type TestSystem } from './support/system';

describe('the mini-program in a phone browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let patient: Phone;
  let self: SimPerson;
  let child: SimPerson;
  const patientPhone = '13907941001';
  const otherPhone = '13907941002';
  let photo: Buffer;
  let chronicNo = '';
  let chronicId = '';

  beforeAll(async () => {
    await ensureFrontBuilt(frontNamed('miniapp-h5'), () => undefined);
    system = await startTestSystem('miniapp');
    await syncCatalogue(system, await signInStaff(system, 'admin'));
    const persons = await simPersons(system);
    self = persons.find(person => person.age >= 30)!;
    child = persons.find(person => person.age < 14)!;
    browser = await launchBrowser();
    patient = await Phone.open(browser, system.apiUrl);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('lets a patient sign in with a phone number and an SMS code', async () => {
    await patient.go('pages/index/index');
    await patient.sees('申请慢特病');
    await patient.shot('01-home-signed-out');
    await patient.tap('登录后办理');
    await patient.sees('患者登录');
    await patient.fill('手机号', patientPhone);
    await patient.tap('获取验证码');
    await patient.sees('秒后可重新获取');
    const outbox = await call<{ code: string }>(system, 'GET', `/api/dev/sms-outbox?phone=${patientPhone}`);
    await patient.fill('验证码', outbox.body.code);
    await patient.shot('02-login');
    await patient.tap('登录');
    await patient.sees('退出登录');
    await patient.shot('03-home-signed-in');
  });

  it('lets the patient link themself and a child, with the guardian consent in plain words', async () => {
    await patient.tap('就诊人');
    await patient.sees('还没有就诊人');
    await patient.shot('04-persons-empty');
    await patient.tap('添加就诊人');
    await patient.fill('姓名', self.psn_name);
    await patient.fill('身份证号', self.certno);
    await patient.tap('本人');
    await patient.shot('05-add-person');
    await patient.tap('确认添加');
    await patient.sees('身份证 ');
    await patient.tap('添加就诊人');
    await patient.fill('姓名', child.psn_name);
    await patient.fill('身份证号', child.certno);
    await patient.sees('不满14周岁');
    await patient.tap('子女');
    await patient.tap('确认添加');
    await patient.sees('还差一步：监护人同意');
    await patient.shot('06-child-consent');
    await patient.tap('我是监护人，同意');
    await patient.sees('撤回监护人同意');
    await patient.shot('07-persons');
    expect(patient.pageErrors).toEqual([]);
  });

  it('lets the patient apply for a chronic disease with a photo, found by pinyin initials', async () => {
    await patient.go('pages/index/index');
    await patient.tap('申请慢特病');
    await patient.sees('1. 为谁申请');
    await patient.page.locator('.person-choice', { hasText: maskName(self.psn_name) }).tap();
    await patient.tap('选择病种');
    await patient.fill('搜索病种', 'gxy');
    await patient.sees('高血压');
    await patient.shot('09-pick-disease', { screenOnly: true });
    await patient.tapText('高血压病');
    await patient.tap('需要准备哪些材料');
    await patient.sees('高血压伴有并发症');
    await patient.sees('查看说明：高血压伴有并发症：要准备的材料');
    await patient.shot('21-materials-for-disease');
    await patient.page.goBack();
    await patient.sees('换一个病种');
    await patient.tap('选择鉴定机构');
    await patient.sees('选择鉴定机构');
    await patient.shot('10-pick-institution', { screenOnly: true });
    await patient.tapText('江西中医药大学附属医院');
    await patient.sees('八一大道445号');
    await patient.fill('联系地址（如：南昌市东湖区八一大道445号）', '南昌市东湖区八一大道100号');
    photo = await patient.page.screenshot({ type: 'jpeg', quality: 90 });
    await patient.pickFile('从相册选择', { name: 'diagnosis.jpg', mimeType: 'image/jpeg', buffer: photo });
    await patient.sees('照片1.jpg');
    await patient.shot('08-apply-chronic');
    await patient.tap('下一步：核对信息');
    await patient.sees('请核对以下信息');
    await patient.shot('11-review-before-submit');
    await patient.tap('提交申请');
    await patient.sees('办理进度');
    await patient.shot('12-application-submitted');
    chronicNo = /MT\d{14}/.exec(await patient.page.locator('body').innerText())?.[0] ?? '';
    expect(chronicNo).not.toBe('');
    await patient.go('pages/applications/index');
    expect(await patient.title()).toBe('我的申请');
    await patient.sees(chronicNo);
    await patient.sees(/医生审核中|已提交，等待医生审核/);
    await patient.shot('13-my-applications');
    expect(patient.pageErrors).toEqual([]);
  });

  it('lets a doctor of the department review it from the phone, with the HIS visits beside it', async () => {
    const admin = await signInStaff(system, 'admin');
    const [listed] = (
      await call<{ items: { id: string }[] }>(system, 'POST', '/api/chronic-applications/search', {
        token: admin,
        body: { applicationNo: chronicNo }
      })
    ).body.items;
    chronicId = listed!.id;
    await waitForStatus(system, admin, chronicId, 'under_review');

    const doctor = await Phone.open(browser, system.apiUrl);
    await doctor.go('doctor/login');
    await doctor.fill('用户名', 'doctor2');
    await doctor.fill('密码', testPassword);
    await doctor.shot('30-doctor-login');
    await doctor.tap('登录');
    await doctor.sees(chronicNo);
    await doctor.shot('31-doctor-queue');
    await doctor.tapText(`申请单号：${chronicNo}`);
    await doctor.sees('院内就诊记录（HIS）');
    await doctor.sees(/门诊 ·|住院 ·|近期没有就诊记录/);
    // The 5205 records of the period chosen, as many as the API gives for it.
    const lastYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;
    const recordsOfLastYear = await call<{ items: unknown[] }>(
      system,
      'GET',
      `/api/chronic-applications/${chronicId}/medication-records?from=${lastYear}-01-01&to=${lastYear}-12-31`,
      { token: await signInStaff(system, 'doctor2') }
    );
    expect(recordsOfLastYear.status).toBe(200);
    await doctor.sees(/医保用药记录[\s\S]*：共 \d+ 条/);
    await doctor.tap('上一年');
    await doctor.sees(`${lastYear}年1月1日 至 ${lastYear}年12月31日：共 ${recordsOfLastYear.body.items.length} 条`);
    await doctor.fill('审核意见', '诊断明确，材料齐全，同意备案。');
    await doctor.shot('32-doctor-review');
    await doctor.tap('审核通过');
    await doctor.sees('系统会以您的工号和姓名作为诊断医生报送');
    await doctor.tap('确定');
    await doctor.sees('这份申请已不在审核阶段');
    await doctor.go('doctor/account');
    await doctor.sees('李秀英');
    await doctor.shot('33-doctor-account');
    expect(doctor.pageErrors).toEqual([]);
    await doctor.close();
  });

  it("shows the patient the bureau's approval", async () => {
    const admin = await signInStaff(system, 'admin');
    const filed = await waitForStatus(system, admin, chronicId, 'filed', 60_000);
    await decideAtBureau(system, filed.filingSn!, 'approve');
    await waitForStatus(system, admin, chronicId, 'approved', 30_000);
    await patient.go(`pages/applications/detail?kind=chronic&id=${chronicId}`);
    await patient.sees('备案成功');
    await patient.sees('诊断明确，材料齐全，同意备案。');
    await patient.shot('14-application-approved');
    await patient.tap('这个状态是什么意思');
    await patient.sees('您的申请现在是');
    await patient.sees('医保局备案通过');
    await patient.sees('您需要做什么');
    await patient.shot('22-status-meaning');
    await patient.tap('查看完整说明');
    await patient.sees('申请状态说明');
    await expect.poll(() => patient.page.evaluate<number>('window.scrollY'), { timeout: 5000 }).toBeGreaterThan(0);
    await patient.shot('23-statuses-article-at-approved', { screenOnly: true });
    expect(patient.pageErrors).toEqual([]);
  });

  it('lets the patient withdraw another application after confirming', async () => {
    const token = await patient.sessionToken();
    const persons = await call<{ items: { id: string; relation: string }[] }>(system, 'GET', '/api/me/patients', {
      token
    });
    const childId = persons.body.items.find(person => person.relation === 'child')!.id;
    const other = await submitChronic(system, token, childId, 'M01600');
    await patient.go(`pages/applications/detail?kind=chronic&id=${other.id}`);
    await patient.tap('撤回申请');
    await patient.sees('确定撤回吗？');
    await patient.shot('15-withdraw-confirm', { screenOnly: true });
    await patient.tap('确定');
    await patient.sees('已撤回');
    await patient.shot('16-withdrawn');
    expect(patient.pageErrors).toEqual([]);
  });

  it("lets the patient apply for a dual-channel drug for the spouse with the spouse's own contact, as the agent; a doctor confirms the diagnosis basis and sets a limit; the e-form is saved", async () => {
    const spousePhone = '13907941003';
    const spouseAddress = '南昌市青山湖区北京东路1号';
    const proposal = '肺腺癌，EGFR 19号外显子突变';
    const spouse = (await simPersons(system)).find(
      person => person.age >= 18 && person.certno !== self.certno && person.certno !== child.certno
    )!;
    await linkPerson(system, await patient.sessionToken(), spouse, 'spouse');
    await patient.go('pages/index/index');
    await patient.tap('申请双通道药品');
    await patient.sees('2. 申请的药品');
    await patient.page.locator('.person-choice', { hasText: `尾号 ${spouse.certno.slice(-4)}` }).tap();
    await patient.sees('6. 代办人（您本人）');
    await patient.sees('不是您（代办人）的');
    await patient.tap('选择药品');
    await patient.fill('搜索药品', 'axtn');
    await patient.sees('奥希替尼');
    await patient.shot('18-pick-drugs', { screenOnly: true });
    await patient.page.locator('.pick-item', { hasText: '奥希替尼' }).first().tap();
    await patient.tap('选好了（1）');
    await patient.tap('选择医院或药店');
    await patient.page.locator('.pick-item', { hasText: '江西中医药大学附属医院' }).tap();
    await patient.tap('选好了（1）');
    await patient.fill('申请人手机号', spousePhone);
    await patient.fill('申请人联系地址', spouseAddress);
    await patient.fill('如：肺腺癌，EGFR 19号外显子突变（医生审核时会核对）', proposal);
    await patient.fill('代办人姓名', self.psn_name);
    await patient.fill('代办人身份证号', self.certno);
    await patient.fill('代办人电话', patientPhone);
    await patient.shot('17-apply-dual-channel');
    await patient.tap('下一步：核对信息');
    await patient.sees('代办人');
    await patient.sees('申请人本人的手机号');
    await patient.sees(spousePhone);
    await patient.sees(spouseAddress);
    await patient.shot('19-review-dual-channel');
    await patient.tap('提交申请');
    await patient.sees('办理进度');
    const dualId = /id=([0-9a-f-]{36})/.exec(patient.page.url())?.[1] ?? '';
    expect(dualId).not.toBe('');

    // doctor1 holds the dual-channel permission; the approval prints the e-form before filing.
    const admin = await signInStaff(system, 'admin');
    await waitForStatus(system, admin, dualId, 'under_review', 20_000, dualChannelPath);
    const doctor = await Phone.open(browser, system.apiUrl);
    await doctor.go('doctor/login');
    await doctor.fill('用户名', 'doctor1');
    await doctor.fill('密码', testPassword);
    await doctor.tap('登录');
    await doctor.tap('双通道药品');
    const applicationNo = (await detailOf(system, admin, dualId, dualChannelPath)).applicationNo;
    await doctor.tapText(`申请单号：${applicationNo}`);
    await doctor.sees('报送医保的诊断依据（通过时必填）');
    await doctor.sees('已填入患者写的内容');
    expect(await doctor.field('诊断依据').inputValue()).toBe(proposal);
    await doctor.sees(`${spousePhone.slice(0, 3)}****${spousePhone.slice(-4)}`);
    await doctor.tap('设定限额');
    await doctor.fill('数量', '2');
    await doctor.sees('每 30 天 2 盒');
    await doctor.fill('审核意见', '符合双通道特药用药指征');
    await doctor.shot('34-doctor-dual-channel-review');
    await doctor.tap('审核通过');
    await doctor.sees(`诊断依据：${proposal}。`);
    await doctor.sees(/限额：\S*奥希替尼\S* 每 30 天 2 盒/);
    await doctor.shot('35-doctor-dual-channel-confirm', { screenOnly: true });
    await doctor.tap('确定');
    await doctor.sees('这份申请已不在审核阶段');
    await doctor.sees(/奥希替尼\S*：每 30 天 2 盒/);
    expect(doctor.pageErrors).toEqual([]);
    await doctor.close();

    const filed = await waitForStatus(system, admin, dualId, 'filed', 90_000, dualChannelPath);
    expect(filed.agent).toMatchObject({ relation: '配偶' });
    expect(filed).toMatchObject({
      phone: `${spousePhone.slice(0, 3)}****${spousePhone.slice(-4)}`,
      address: `${spouseAddress.slice(0, 6)}****`,
      proposedDiagnosisBasis: proposal,
      diagnosisBasis: proposal,
      applicationLimits: [{ drugCode: expect.any(String) as string, quantity: 2, unit: '盒', periodDays: 30 }]
    });

    await patient.go(`pages/applications/detail?kind=dual_channel&id=${dualId}`);
    await patient.sees('查看/保存申请表（PDF）');
    await patient.sees('医生确认的诊断依据');
    await patient.sees(proposal);
    await patient.sees('用药限额');
    await patient.sees(/奥希替尼\S*：每 30 天 2 盒/);
    await patient.sees(`${spousePhone.slice(0, 3)}****${spousePhone.slice(-4)}`);
    await patient.shot('20-dual-channel-filed');
    const download = patient.page.waitForEvent('download');
    await patient.tap('查看/保存申请表（PDF）');
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(`双通道申请表-${filed.applicationNo}.pdf`);
    const bytes = fs.readFileSync(await saved.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(patient.pageErrors).toEqual([]);
  });

  it('lets a patient open 帮助, search 糖尿病 and read which materials to prepare, following the links inside', async () => {
    await patient.go('pages/index/index');
    await patient.tap('帮助');
    await patient.sees('政策解读');
    await patient.sees('材料清单');
    await patient.sees('常见问题');
    await patient.shot('40-help-home');
    await patient.fill('搜索帮助', '糖尿病');
    await patient.tap('搜索');
    await patient.sees('“糖尿病”的搜索结果');
    await patient.sees('糖尿病伴有并发症：要准备的材料');
    await patient.shot('41-help-search');
    await patient.page.locator('.help-hit-title', { hasText: '糖尿病伴有并发症：要准备的材料' }).first().tap();
    await patient.sees('近一年内 3 次门诊降糖治疗记录');
    await patient.sees('并发症的检查报告');
    await patient.sees('请向医保办确认');
    await patient.shot('42-help-article');
    // A link inside the article's rich-text opens the other article in the app.
    await patient.page.locator('uni-rich-text a', { hasText: '每个病种都要准备的材料' }).first().tap();
    await patient.sees('申请门诊慢特病要准备的材料');
    expect(patient.page.url()).toContain('help/article?slug=materials-chronic-general');
    await patient.shot('43-help-linked-article');

    await patient.go('help/index');
    await patient.fill('搜索帮助', 'tnb');
    await patient.tap('搜索');
    await patient.sees('糖尿病伴有并发症：要准备的材料');
    expect(patient.pageErrors).toEqual([]);
  });

  it('shows another patient neither application', async () => {
    const other = await Phone.open(browser, system.apiUrl);
    await other.go('pages/login/login');
    await other.fill('手机号', otherPhone);
    await other.tap('获取验证码');
    await other.sees('秒后可重新获取');
    const outbox = await call<{ code: string }>(system, 'GET', `/api/dev/sms-outbox?phone=${otherPhone}`);
    await other.fill('验证码', outbox.body.code);
    await other.tap('登录');
    await other.sees('退出登录');
    await other.go('pages/applications/index');
    await other.sees('还没有申请');
    await other.go(`pages/applications/detail?kind=chronic&id=${chronicId}`);
    await other.sees('申请单不存在');
    expect(await other.page.locator('body').innerText()).not.toContain(chronicNo);
    expect(other.pageErrors).toEqual([]);
    await other.close();
  });
});
