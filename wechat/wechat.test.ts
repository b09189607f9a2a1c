import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatApiError, WechatHttpGateway } from '.';
import { simulatedOpenid } from './sim/simulated-user';
import { startWechatSimulator, type RunningWechatSimulator } from './sim/wechat-simulator';

const app = { appId: 'wx8d1c5f0e2a7b3c41', appSecret: '3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6' };
const reviewTemplate = 'tmpl-application-status';

describe('WeChat through its HTTP API', () => {
  let simulator: RunningWechatSimulator;
  const clock = { now: Date.now() };
  const gateway = (overrides: Partial<ConstructorParameters<typeof WechatHttpGateway>[0]> = {}) =>
    new WechatHttpGateway({ ...app, baseUrl: simulator.url, now: () => clock.now, ...overrides });

  beforeAll(async () => {
    simulator = await startWechatSimulator({
      ...app,
      templates: { [reviewTemplate]: ['character_string1', 'phrase2', 'thing3'] },
      now: () => clock.now
    });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('exchanges a wx.login code for the openid once, and refuses it a second time', async () => {
    const session = await gateway().codeToSession('code-001');
    expect(session?.openid).toBe(simulatedOpenid('code-001'));
    expect(session?.sessionKey).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(await gateway().codeToSession('code-001')).toBeUndefined();
    expect(await gateway().codeToSession('invalid')).toBeUndefined();
  });

  it('reports a wrong AppSecret as an error of ours, not as a refused sign-in', async () => {
    const error = await gateway({ appSecret: 'wrong' })
      .codeToSession('code-002')
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WechatApiError);
    expect((error as WechatApiError).errcode).toBe(40125);
  });

  it('delivers a subscribe message the patient accepted, with one access token for several messages', async () => {
    const openid = simulatedOpenid('patient-a');
    simulator.state.acceptSubscription(openid, reviewTemplate, 2);
    const sender = gateway();
    const before = simulator.state.tokensIssued.length;
    const message = {
      openid,
      templateId: reviewTemplate,
      page: 'pages/application/detail?id=1',
      data: { character_string1: 'MT202611290001', phrase2: '审核通过', thing3: '门诊慢特病备案已通过' }
    };
    await sender.sendSubscribeMessage(message);
    await sender.sendSubscribeMessage(message);
    expect(simulator.state.tokensIssued.length - before).toBe(1);
    expect(simulator.state.delivered.filter(delivered => delivered.openid === openid)).toHaveLength(2);
    expect(simulator.state.delivered.at(-1)?.data.phrase2).toBe('审核通过');
  });

  it('says when the patient has not accepted the template, and when a value breaks the keyword rules', async () => {
    const openid = simulatedOpenid('patient-b');
    const data = { character_string1: 'MT202611290002', phrase2: '已报送', thing3: '等待医保局审核' };
    const refused = await gateway()
      .sendSubscribeMessage({ openid, templateId: reviewTemplate, data })
      .catch((failure: unknown) => failure as WechatApiError);
    expect(refused).toBeInstanceOf(WechatApiError);
    expect((refused as WechatApiError).notSubscribed).toBe(true);
    expect((refused as WechatApiError).retryable).toBe(false);

    simulator.state.acceptSubscription(openid, reviewTemplate);
    const tooLong = await gateway()
      .sendSubscribeMessage({
        openid,
        templateId: reviewTemplate,
        data: { ...data, thing3: '这段说明超过了二十个字，微信不接受这样的值' }
      })
      .catch((failure: unknown) => failure as WechatApiError);
    expect((tooLong as WechatApiError).errcode).toBe(47003);
  });

  it('fetches a new access token once when another process replaced its token', async () => {
    const openid = simulatedOpenid('patient-c');
    simulator.state.acceptSubscription(openid, reviewTemplate, 2);
    const data = { character_string1: 'SD202611290003', phrase2: '已备案', thing3: '双通道备案已通过' };
    const first = gateway();
    await first.sendSubscribeMessage({ openid, templateId: reviewTemplate, data });
    // A second process fetches its own token; six minutes later the first one's token no longer works.
    await gateway().sendSubscribeMessage({ openid, templateId: reviewTemplate, data });
    clock.now += 6 * 60_000;
    simulator.state.acceptSubscription(openid, reviewTemplate);
    const issued = simulator.state.tokensIssued.length;
    await first.sendSubscribeMessage({ openid, templateId: reviewTemplate, data });
    expect(simulator.state.tokensIssued.length).toBe(issued + 1);
  });

  it('reports WeChat being busy as retryable', async () => {
    simulator.state.failNext(-1);
    const error = await gateway()
      .codeToSession('code-003')
      .catch((failure: unknown) => failure as WechatApiError);
    expect((error as WechatApiError).retryable).toBe(true);
  });
});
