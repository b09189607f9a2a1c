/** The platform adapter for unit tests: memory storage, scripted HTTP answers, recorded navigation. */
import type { HttpRequest, HttpResponse, Platform } from '../src/platform/platform';

export interface FakePlatform extends Platform {
  storage: Map<string, string>;
  requests: HttpRequest[];
  navigations: string[];
  toasts: string[];
  /** Answers the next request; unanswered requests fail like a lost network. */
  respond: (handler: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) => void;
}

export function createFakePlatform(now = new Date('2026-11-29T02:00:00Z')): FakePlatform {
  let handler: ((request: HttpRequest) => HttpResponse | Promise<HttpResponse>) | undefined;
  const fake: FakePlatform = {
    kind: 'h5',
    storage: new Map(),
    requests: [],
    navigations: [],
    toasts: [],
    respond: next => (handler = next),
    async request(request) {
      fake.requests.push(request);
      if (!handler) throw new Error('request:fail');
      return handler(request);
    },
    openDocument: () => Promise.resolve(),
    storageGet: key => fake.storage.get(key),
    storageSet: (key, value) => void fake.storage.set(key, value),
    storageRemove: key => void fake.storage.delete(key),
    navigateTo: url => void fake.navigations.push(`navigateTo ${url}`),
    redirectTo: url => void fake.navigations.push(`redirectTo ${url}`),
    reLaunch: url => void fake.navigations.push(`reLaunch ${url}`),
    navigateBack: () => void fake.navigations.push('navigateBack'),
    toast: message => void fake.toasts.push(message),
    stopRefreshing: () => undefined,
    wechatLoginCode: () => Promise.reject(new Error('not in WeChat')),
    pickImages: () => Promise.resolve([]),
    pickPdf: () => Promise.resolve(undefined),
    now: () => now
  };
  return fake;
}
