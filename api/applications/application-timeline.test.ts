import { describe, expect, it } from 'vitest';
import { describeWait } from './application-timeline';

const departmentReview = { review: { by: 'department' as const } };
const grantReview = { review: { by: 'dualChannelGrant' as const }, documentsTitle: '双通道申请电子表格' };
const row = {
  department: '内分泌科',
  failureReason: null,
  yibaoSyncStatus: 'person_verified' as const
};
const since = '2026-11-29T01:00:00.000Z';

describe('what an unfinished application waits for, in plain words', () => {
  it('names the reviewing department, or the dual-channel reviewers', () => {
    expect(describeWait(departmentReview, { ...row, status: 'under_review' }, since, undefined, true)?.summary).toBe(
      '等待内分泌科医生审核'
    );
    expect(describeWait(grantReview, { ...row, status: 'under_review' }, since, undefined, true)?.summary).toBe(
      '等待有双通道审核权限的医生审核'
    );
  });

  it("names the kind's documents while they are printed before filing", () => {
    const pending = { name: 'generateEform', started: true, attempt: 1, nextAttemptAt: null, lastFailure: null };
    expect(describeWait(grantReview, { ...row, status: 'filing' }, since, pending, true)?.summary).toBe(
      '正在生成双通道申请电子表格'
    );
  });

  it('tells a filing retry with its reason, attempt and next time (China time)', () => {
    const wait = describeWait(
      departmentReview,
      { ...row, status: 'filing' },
      since,
      {
        name: 'fileApplication',
        started: false,
        attempt: 3,
        nextAttemptAt: '2026-11-29T02:05:00.000Z',
        lastFailure: '连接医保平台超时'
      },
      true
    );
    expect(wait?.summary).toBe('报送医保备案暂未成功（连接医保平台超时），将于 11月29日 10:05 进行第 3 次尝试');
    expect(wait).toMatchObject({ attempt: 3, nextAttemptAt: '2026-11-29T02:05:00.000Z', fromWorkflow: true });
  });

  it("tells the bureau's pending decision with the polls so far and the next poll", () => {
    const wait = describeWait(
      departmentReview,
      { ...row, status: 'filed' },
      since,
      {
        name: 'pollFilingDecision',
        started: false,
        attempt: 5,
        nextAttemptAt: '2026-11-29T03:00:00.000Z',
        lastFailure: 'not decided yet'
      },
      true
    );
    expect(wait?.summary).toBe('已报送医保，等待医保局审核；已查询 4 次，下次查询 11月29日 11:00');
  });

  it('says who must act on a failed filing and when the system retries by itself', () => {
    const wait = describeWait(
      departmentReview,
      { ...row, status: 'filing_failed', failureReason: '网络异常', yibaoSyncStatus: 'network_failed' },
      since,
      undefined,
      true
    );
    expect(wait?.summary).toBe('报送失败：网络异常。等待管理员重新报送（网络类失败系统每天自动重试一次）');
  });

  it('says nothing for a final state, and marks a line not read from the workflow', () => {
    expect(describeWait(departmentReview, { ...row, status: 'approved' }, since, undefined, true)).toBeNull();
    expect(describeWait(departmentReview, { ...row, status: 'no_decision' }, since, undefined, false)).toMatchObject({
      fromWorkflow: false
    });
  });
});
