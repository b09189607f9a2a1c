// @vitest-environment jsdom
/**
 * The WeChat build (`dist/build/mp-weixin`, made by `npm run build:mp-weixin`) loaded with
 * miniprogram-simulate: every page of app.json renders, runs onLoad/onShow against answers shaped by the
 * server's own schemas, and shows its content without an error. WeChat itself (wx.request, storage,
 * navigation) is the simulator's mock with the calls the pages make answered here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mpFixtures, type StubbedAnswer } from './mp-fixtures';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '../dist/build/mp-weixin');

interface SimulatedPage {
  dom: HTMLElement;
  instance: Record<string, unknown> & {
    onLoad?: (query: Record<string, string>) => void;
    onShow?: () => void;
  };
  attach: (parent: Element) => void;
  detach: () => void;
}
interface Simulate {
  load: (componentPath: string, options: { rootPath: string; compiler: 'simulate' }) => string;
  render: (id: string) => SimulatedPage;
  sleep: (ms: number) => Promise<void>;
}
type Callbacks = { success?: (result: unknown) => void; fail?: (error: { errMsg: string }) => void };
type WxMock = Record<string, unknown>;

const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
};
const allPages = [
  ...appJson.pages,
  ...appJson.subPackages.flatMap(sub => sub.pages.map(page => `${sub.root}/${page}`))
];

/** What each page must show once loaded, and the query it is opened with. */
const expectations: Record<string, { shows: string[]; query?: Record<string, string>; as: 'patient' | 'doctor' }> = {
  'pages/index/index': { shows: ['申请慢特病', '申请双通道药品', '我的申请', '就诊人'], as: 'patient' },
  'pages/login/login': { shows: ['微信一键登录', '获取验证码', '登录'], as: 'patient' },
  'pages/persons/index': { shows: ['添加就诊人', '张*', '还差一步：监护人同意'], as: 'patient' },
  'pages/persons/add': { shows: ['确认添加', '本人', '子女', '配偶', '父母', '其他'], as: 'patient' },
  'pages/applications/index': { shows: [mpFixtures.chronicSummary.applicationNo, '医生审核中'], as: 'patient' },
  'pages/applications/detail': {
    shows: ['办理进度', '高血压病', '撤回申请'],
    query: { kind: 'chronic', id: mpFixtures.chronicSummary.id },
    as: 'patient'
  },
  'apply/chronic': { shows: ['1. 为谁申请', '选择病种', '选择鉴定机构'], as: 'patient' },
  'apply/dual-channel': { shows: ['2. 申请的药品', '选择药品'], as: 'patient' },
  'apply/review': { shows: ['请核对以下信息', '提交申请'], query: { kind: 'chronic' }, as: 'patient' },
  'doctor/login': { shows: ['医生登录', '已绑定微信，一键登录'], as: 'doctor' },
  'doctor/queue': { shows: [mpFixtures.chronicSummary.applicationNo, '去审核'], as: 'doctor' },
  'doctor/review': {
    shows: ['申请材料（1份）', '院内就诊记录（HIS）', '医保用药记录', '审核通过'],
    query: { kind: 'chronic', id: mpFixtures.chronicSummary.id },
    as: 'doctor'
  },
  'doctor/account': { shows: ['微信绑定', '绑定本微信'], as: 'doctor' }
};

let simulate: Simulate;
let wx: WxMock;
const storage = new Map<string, unknown>();
const navigations: string[] = [];
const requests: string[] = [];

function answer(method: string, url: string): StubbedAnswer | undefined {
  const pathOnly = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
  return mpFixtures.answers.find(candidate => candidate.method === method && candidate.path.test(pathOnly));
}

/** Starts the app as WeChat would, signed in as a patient or a doctor. */
function launch(as: 'patient' | 'doctor'): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
  storage.clear();
  storage.set('session', JSON.stringify(as === 'patient' ? mpFixtures.patientSession : mpFixtures.doctorSession));
  let appOptions: { onLaunch?: (options: object) => void } | undefined;
  const globals = globalThis as unknown as Record<string, unknown>;
  globals.App = (options: typeof appOptions) => (appOptions = options);
  globals.getApp = () => appOptions;
  globals.Page = () => undefined;
  globals.getCurrentPages = () => [];
  require(path.join(root, 'app.js'));
  appOptions?.onLaunch?.({ path: 'pages/index/index', query: {} });
}

beforeAll(() => {
  expect(fs.existsSync(path.join(root, 'app.json')), 'run npm run build:mp-weixin first').toBe(true);
  simulate = require('miniprogram-simulate') as Simulate;
  wx = (globalThis as unknown as { wx: WxMock }).wx;
  Object.assign(wx, {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    request: (options: Callbacks & { url: string; method?: string }) => {
      const method = (options.method ?? 'GET').toUpperCase();
      requests.push(`${method} ${options.url}`);
      const found = answer(method, options.url);
      setTimeout(() =>
        options.success?.({
          statusCode: found ? 200 : 404,
          data: JSON.stringify(found ? found.body : { code: 'NOT_FOUND', message: '接口不存在' }),
          header: {}
        })
      );
      return { abort: () => undefined };
    }
  });
  for (const name of ['navigateTo', 'redirectTo', 'reLaunch', 'navigateBack', 'switchTab']) {
    wx[name] = (options: Callbacks & { url?: string }) => {
      navigations.push(`${name} ${options.url ?? ''}`);
      options.success?.({});
    };
  }
});

afterEach(() => {
  navigations.length = 0;
  requests.length = 0;
});

describe('the WeChat build under miniprogram-simulate', () => {
  it('lists every page it was built with', () => {
    expect(Object.keys(expectations).sort()).toEqual([...allPages].sort());
  });

  for (const pagePath of allPages) {
    it(`renders ${pagePath} without an error`, async () => {
      const expected = expectations[pagePath]!;
      const errors = vi.spyOn(console, 'error');
      launch(expected.as);
      const page = simulate.render(simulate.load(path.join(root, pagePath), { rootPath: root, compiler: 'simulate' }));
      page.attach(document.createElement('parent-wrapper'));
      page.instance.onLoad?.(expected.query ?? {});
      page.instance.onShow?.();
      // Requests answer on the next tick; Vue then updates the page through setData.
      for (let round = 0; round < 10; round += 1) await simulate.sleep(5);
      const text = page.dom.textContent ?? '';
      for (const shown of expected.shows) expect(text, `${pagePath} shows ${shown}`).toContain(shown);
      expect(requests.filter(request => !answer(request.split(' ')[0]!, request.split(' ')[1]!))).toEqual([]);
      expect(navigations, 'the sign-in guard let the page open').toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      errors.mockRestore();
      page.detach();
    });
  }
});
