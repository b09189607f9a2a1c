import { beforeEach, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/id-number';
import { setPlatform } from '../platform/platform';
import { createFakePlatform, type FakePlatform } from '../../test/fake-platform';
import {
  chronicApplicationBody,
  drafts,
  dualChannelApplicationBody,
  emptyChronicDraft,
  emptyDualChannelDraft,
  knownContact
} from './drafts';

const patientId = '0b8f2c1a-7e44-4f59-8a63-2d1e5f6a7b8c';
const attachmentId = '6f1c1f7e-5d6b-4a43-9d2c-0a8e1b2c3d4e';
let fake: FakePlatform;

beforeEach(() => {
  fake = createFakePlatform();
  setPlatform(fake);
});

function completeChronicDraft() {
  return {
    ...emptyChronicDraft(),
    patientId,
    disease: { code: 'M03900', name: '高血压病' },
    institution: { code: 'H36010200015', name: '江西中医药大学附属医院' },
    phone: '13907941001',
    address: '南昌市东湖区八一大道100号',
    attachments: [
      { id: attachmentId, name: '照片1.jpg', kindLabel: '疾病诊断证明书', sizeBytes: 1000, previewUrl: 'blob:x' }
    ]
  };
}

describe('drafts kept on the phone', () => {
  it('keeps each account its own draft, without the picture previews of this run', () => {
    drafts.saveChronic('account-a', completeChronicDraft());
    expect(drafts.loadChronic('account-a').disease?.code).toBe('M03900');
    expect(drafts.loadChronic('account-a').attachments[0]).not.toHaveProperty('previewUrl');
    expect(drafts.loadChronic('account-b')).toEqual(emptyChronicDraft());
  });

  it('drops a damaged draft instead of trusting it', () => {
    fake.storage.set('draft:chronic:account-a', '{"disease": 5');
    expect(drafts.loadChronic('account-a')).toEqual(emptyChronicDraft());
    fake.storage.set('draft:dual:account-a', JSON.stringify({ drugs: 'not a list' }));
    expect(drafts.loadDualChannel('account-a')).toEqual(emptyDualChannelDraft());
  });

  it('remembers the contact used last, merged with what was known', () => {
    knownContact.remember('account-a', { phone: '13907941001' });
    knownContact.remember('account-a', { address: '南昌市' });
    expect(knownContact.load('account-a')).toEqual({ phone: '13907941001', address: '南昌市' });
  });
});

describe('the chronic application a draft makes', () => {
  it('asks for what is missing first, in the order of the form', () => {
    expect(chronicApplicationBody(emptyChronicDraft(), '2026-11-29')).toEqual({ ok: false, problem: '请选择为谁申请' });
    const noMaterials = { ...completeChronicDraft(), attachments: [] };
    expect(chronicApplicationBody(noMaterials, '2026-11-29')).toEqual({
      ok: false,
      problem: '请上传诊断证明或出院小结'
    });
    const badPhone = { ...completeChronicDraft(), phone: '12345' };
    expect(chronicApplicationBody(badPhone, '2026-11-29')).toEqual({ ok: false, problem: '请输入11位手机号' });
  });

  it('builds the body the server schema accepts, starting today unless another date was chosen', () => {
    const result = chronicApplicationBody(completeChronicDraft(), '2026-11-29');
    expect(result).toEqual({
      ok: true,
      body: {
        patientId,
        diseaseCode: 'M03900',
        institutionCode: 'H36010200015',
        phone: '13907941001',
        address: '南昌市东湖区八一大道100号',
        beginDate: '2026-11-29',
        attachmentIds: [attachmentId]
      }
    });
  });
});

describe('the dual-channel application a draft makes', () => {
  const draft = {
    ...emptyDualChannelDraft(),
    patientId,
    drugs: [{ code: 'XL01XEA298A001010105487', name: '甲磺酸奥希替尼片' }],
    institutions: [{ code: 'P36010200101', name: '药店' }]
  };
  const options = { today: '2026-11-29', defaultEndDate: '2027-11-28' };

  it('needs no agent when applying for oneself', () => {
    const result = dualChannelApplicationBody(draft, { ...options, forSomeoneElse: false });
    expect(result).toMatchObject({ ok: true, body: { beginDate: '2026-11-29', endDate: '2027-11-28' } });
    expect(result.ok && result.body.agent).toBeUndefined();
  });

  it('makes the account holder the agent when applying for someone else, ID number checked', () => {
    const agentIdNo = makeIdNumber('360102', '1980-01-01', 11);
    expect(dualChannelApplicationBody(draft, { ...options, forSomeoneElse: true })).toEqual({
      ok: false,
      problem: '请选择您（代办人）与申请人的关系'
    });
    const withAgent = {
      ...draft,
      agent: {
        name: '张伟',
        documentNo: `${agentIdNo.slice(0, 17)}0`,
        phone: '13907941001',
        relation: '03',
        address: ''
      }
    };
    expect(dualChannelApplicationBody(withAgent, { ...options, forSomeoneElse: true })).toEqual({
      ok: false,
      problem: '代办人身份证号码不正确'
    });
    withAgent.agent.documentNo = agentIdNo.toLowerCase();
    expect(dualChannelApplicationBody(withAgent, { ...options, forSomeoneElse: true })).toMatchObject({
      ok: true,
      body: { agent: { name: '张伟', documentType: '01', documentNo: agentIdNo, phone: '13907941001', relation: '03' } }
    });
  });
});
