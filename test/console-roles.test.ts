/**
 * The console's main flow of each role, in real Chromium against the real stack (API serving the built
 * console, worker, Temporal, PostgreSQL, Yibao and HIS simulators). Screenshots of every main screen go to
 * test-output/console/. Any page error or unexpected failed request fails the run.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adults,
  decideAtBureau,
  linkPerson,
  submitChronic,
  syncCatalogue,
  waitForStatus
} from './support/applications';
import { startConsole, type ConsoleDriver } from './support/console';
import { call, setSimFaults, signInPatient, signInStaff, type SimPerson } from './support/http';
import { startTestSystem, type TestSystem } from './support/system';

describe('the admin console for each role', () => {
  let system: TestSystem;
  let ui: ConsoleDriver;
  let adminToken: string;
  let doctorToken: string;
  let patientToken: string;
  let persons: SimPerson[];
  const patientIds: string[] = [];
  const applications: { id: string; applicationNo: string }[] = [];

  beforeAll(async () => {
    system = await startTestSystem('console');
    [ui, adminToken, doctorToken, patientToken] = await Promise.all([
      startConsole(system),
      signInStaff(system, 'admin'),
      signInStaff(system, 'doctor1'),
      signInPatient(system, '13907932001')
    ]);
    await syncCatalogue(system, adminToken);
    persons = (await adults(system)).slice(0, 3);
    const relations = ['self', 'spouse', 'parent'];
    for (const [index, person] of persons.entries())
      patientIds.push(await linkPerson(system, patientToken, person, relations[index]));
    // Two applications of 糖尿病 (内分泌科, doctor1's department) wait for review.
    for (const patientId of patientIds.slice(0, 2)) {
      const submitted = await submitChronic(system, patientToken, patientId, 'M01600');
      applications.push(submitted);
      await waitForStatus(system, patientToken, submitted.id, 'under_review');
    }
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
    await system?.stop();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  it('shows the sign-in page with its fields and refuses a wrong password in Chinese', async () => {
    const page = await ui.openSignedOut('/login');
    ui.expectError(page, /\/api\/auth\/login$/, 401);
    await expect(page.getByPlaceholder('用户名').isVisible()).resolves.toBe(true);
    await ui.screenshot(page, '01-login');
    await page.getByPlaceholder('用户名').fill('admin');
    await page.getByPlaceholder('密码', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('用户名、密码或动态口令错误').first().waitFor();
    // The server cannot say whether a second factor was missing, so the form now offers it.
    await page.getByPlaceholder('动态口令').waitFor();
    expect(page.url()).toContain('/login');
  });

  it('lets a doctor review from /reviews, confirming with 确定, and opens the next application', async () => {
    const page = await ui.open('doctor1');
    await page.waitForURL(/\/reviews/);
    const [first, second] = applications;
    await page.getByRole('option', { name: new RegExp(first!.applicationNo) }).waitFor();
    await page.getByRole('option', { name: new RegExp(second!.applicationNo) }).waitFor();
    await page.locator('.main h2', { hasText: first!.applicationNo }).waitFor();
    await page.getByText('内分泌').first().waitFor();
    await ui.screenshot(page, '02-reviews');

    await page.getByPlaceholder('审核意见').fill('糖尿病诊断明确，符合门诊慢特病认定标准');
    await page.getByRole('button', { name: '审核通过' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText(`${first!.applicationNo} 已审核通过`).waitFor();
    // The next application opens by itself.
    await page.locator('.main h2', { hasText: second!.applicationNo }).waitFor();
    expect(await page.getByRole('option', { name: new RegExp(first!.applicationNo) }).count()).toBe(0);
    await page.close();
  });

  it('lets an admin follow an application from submission to approved on one live timeline', async () => {
    const [first] = applications;
    const page = await ui.open('admin');
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('heading', { name: '待医生审核' }).waitFor();
    await page.locator('canvas').first().waitFor();
    await ui.screenshot(page, '03-dashboard');

    await page.getByRole('link', { name: '门诊慢特病申请' }).click();
    await page.waitForURL(/\/applications\/chronic$/);
    await page.getByRole('link', { name: first!.applicationNo }).waitFor();
    await ui.screenshot(page, '04-chronic-list');

    await page.getByRole('link', { name: first!.applicationNo }).click();
    await page.waitForURL(new RegExp(`/applications/chronic/${first!.id}$`));
    await heading(page).getByText('门诊慢特病申请详情').waitFor();
    const filed = await waitForStatus(system, adminToken, first!.id, 'filed', 60_000);
    await page.getByText('已报送医保，等待医保局审核').first().waitFor();
    await ui.screenshot(page, '05-chronic-detail');

    // The bureau decides; the page shows it without a reload (live updates).
    await decideAtBureau(system, filed.filingSn!, 'approve');
    await page.locator('.head').getByText('医保局备案通过').waitFor({ timeout: 30_000 });
    await page.getByText('时间线', { exact: true }).click();
    const timeline = page.locator('.entries');
    await timeline.getByText('医保局备案通过').first().waitFor();
    await timeline.getByText('2503 人员慢特病备案').first().waitFor();
    await timeline.getByText('医生审核').first().waitFor();
    await page.getByRole('button', { name: '查看报文（已脱敏）' }).first().click();
    await page.getByLabel('请求报文').first().waitFor();
    await ui.screenshot(page, '06-chronic-timeline');
    await page.close();
  });

  it("lets an admin retry a failed filing once the simulator's faults are cleared", async () => {
    await setSimFaults(system, {
      seed: 11,
      byInfno: { '2503': { businessErrorRate: 1, businessErrorMessage: '备案信息校验未通过：鉴定日期不合法' } }
    });
    const submitted = await submitChronic(system, patientToken, patientIds[2]!, 'M01600');
    await waitForStatus(system, adminToken, submitted.id, 'under_review');
    const review = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/review`, {
      token: doctorToken,
      body: { decision: 'approve', opinion: '同意' }
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    await waitForStatus(system, adminToken, submitted.id, 'filing_failed', 60_000);

    const page = await ui.open('admin');
    await page.goto(`${ui.baseUrl}/applications/chronic?status=filing_failed`);
    await page.getByRole('link', { name: submitted.applicationNo }).waitFor();
    await page.getByText('鉴定日期不合法').first().waitFor();
    await ui.screenshot(page, '07-filing-failed-list');

    await setSimFaults(system, {});
    await page.getByRole('link', { name: submitted.applicationNo }).click();
    await page
      .getByText(/报送失败：医保返回：.*备案信息校验未通过/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: '重新报送' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('已重新报送').first().waitFor();
    await page
      .locator('.head')
      .getByText(/已报送医保|医保局备案通过/)
      .waitFor({ timeout: 30_000 });
    expect(['filed', 'approved']).toContain(
      (await waitForStatus(system, adminToken, submitted.id, 'filed', 30_000)).status
    );
    await page.close();
  });

  it('lets an admin act on a selection of applications at once, with a result for each', async () => {
    const page = await ui.open('admin');
    await page.goto(`${ui.baseUrl}/applications/chronic?status=filed,approved`);
    await page.locator('.n-data-table-tbody .n-data-table-tr').first().waitFor();
    // Select every row on the page through the header checkbox.
    await page.locator('.n-data-table-thead .n-checkbox').click();
    await page.getByText(/已选 \d+ 份/).waitFor();
    await page.getByRole('button', { name: '批量同步审核状态' }).click();
    await page.getByText('批量同步审核状态结果').waitFor();
    // Filed ones are synced; an approved one is refused in its own line, with the reason.
    await page.getByText('同步审核状态成功').first().waitFor();
    await page
      .getByText(/不能同步审核状态|只有已报送、待医保局审核的申请单可以同步状态/)
      .first()
      .waitFor();
    await ui.screenshot(page, '08-bulk-results');
    await page.close();
  });

  it('lets an auditor find a call by ID number and verify the audit chain', async () => {
    const page = await ui.open('auditor');
    await page.waitForURL(/\/interface-logs/);
    await page.getByPlaceholder('患者身份证号').fill(persons[0]!.certno);
    // The bureau is polled every second in tests: the filing itself is found by its transaction code.
    await page
      .locator('.n-form-item', { has: page.getByText('交易', { exact: true }) })
      .locator('.n-base-selection')
      .click();
    await page.keyboard.type('2503');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('.n-data-table-tbody .n-data-table-tr');
    await rows.filter({ hasText: '2503' }).first().waitFor();
    const masked = `${persons[0]!.certno.slice(0, 4)}**********${persons[0]!.certno.slice(-4)}`;
    await rows.getByText(masked).first().waitFor();
    // The number typed into the search box is the auditor's own; the results show it only masked.
    expect(await page.locator('.n-data-table').innerText()).not.toContain(persons[0]!.certno);
    await ui.screenshot(page, '09-interface-logs');
    await rows.filter({ hasText: '2503' }).first().getByRole('button', { name: '详情' }).click();
    await page.getByLabel('请求报文').waitFor();
    await ui.screenshot(page, '10-interface-log-detail');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: '审计日志' }).click();
    await page.waitForURL(/\/audit-logs/);
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByText(/审计日志完整：已校验 \d+ 条记录/).waitFor();
    await ui.screenshot(page, '11-audit-logs');
    await page.close();
  });

  it('neither shows nor opens a screen to a role without its permission', async () => {
    const doctor = await ui.open('doctor2');
    await doctor.waitForURL(/\/reviews/);
    const menu = doctor.getByRole('navigation', { name: '主菜单' });
    await menu.getByText('审核工作台').waitFor();
    for (const hidden of ['工作台', '医保接口日志', '账号与角色', '审计日志', '医保签到'])
      expect(await menu.getByText(hidden, { exact: true }).count(), hidden).toBe(0);
    await doctor.goto(`${ui.baseUrl}/interface-logs`);
    await doctor.getByText('无权访问该页面').waitFor();
    await ui.screenshot(doctor, '12-forbidden');

    const auditor = await ui.open('auditor');
    await auditor.goto(`${ui.baseUrl}/applications/chronic`);
    await auditor.getByText('无权访问该页面').waitFor();
    expect(await auditor.getByRole('navigation', { name: '主菜单' }).getByText('门诊慢特病申请').count()).toBe(0);

    const stranger = await ui.openSignedOut('/dashboard');
    await stranger.waitForURL(/\/login\?redirect=(%2F|\/)dashboard/);
    await Promise.all([doctor.close(), auditor.close(), stranger.close()]);
  });

  it('shows the security admin, the admin and the remaining screens, and signs out with 退出登录', async () => {
    const secadmin = await ui.open('secadmin');
    await secadmin.waitForURL(/\/accounts/);
    await secadmin.getByText('doctor1').first().waitFor();
    await ui.screenshot(secadmin, '13-accounts');
    await secadmin.getByRole('link', { name: '未成年人信息访问' }).click();
    await secadmin.getByText('查看申请审批', { exact: true }).waitFor();
    await ui.screenshot(secadmin, '14-minor-access');
    await secadmin.close();

    const admin = await ui.open('admin');
    await admin.getByRole('link', { name: '医生双通道权限' }).click();
    await admin.getByText('王建国').waitFor();
    await ui.screenshot(admin, '15-doctors');
    await admin.getByRole('link', { name: '医保签到' }).click();
    await admin.getByText('近30天签到记录').waitFor();
    await ui.screenshot(admin, '16-yibao-sign-in');
    await admin.getByRole('link', { name: '双通道特药申请' }).click();
    // The run's database is shared with the other test files: their dual-channel applications may be listed.
    await admin
      .getByText('没有符合条件的申请单')
      .or(admin.getByRole('link', { name: /^SD\d{14}$/ }).first())
      .waitFor();
    await ui.screenshot(admin, '17-dual-channel-list');
    await admin.getByRole('button', { name: '退出登录' }).click();
    await admin.waitForURL(/\/login/);
    await admin.close();
  });

  it('saw no page error and no failed request that the tests did not cause on purpose', () => {
    expect(ui.problems()).toEqual([]);
  });
});
