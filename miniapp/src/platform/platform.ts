/**
 * Everything the mini-program needs from its host (uni-app in WeChat or a browser) behind one small
 * interface: the logic modules and stores call these, never `uni.*`, so unit tests swap in a fake.
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the API origin, e.g. `/api/me/patients`. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** A file picked on the device, ready to upload. */
export interface PickedFile {
  name: string;
  contentType: string;
  base64: string;
  sizeBytes: number;
  /** A local URL that shows the picture (images only). */
  previewUrl?: string;
}

export interface SheetOption {
  label: string;
}

export interface Platform {
  readonly kind: 'h5' | 'mp-weixin';
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Downloads a document with the session token and lets the person view and keep it. */
  openDocument(path: string, headers: Record<string, string>, filename: string): Promise<void>;
  storageGet(key: string): string | undefined;
  storageSet(key: string, value: string): void;
  storageRemove(key: string): void;
  /** Page navigation; `url` is a page path such as `/pages/persons/index?id=1`. */
  navigateTo(url: string): void;
  redirectTo(url: string): void;
  reLaunch(url: string): void;
  navigateBack(): void;
  toast(message: string, kind?: 'success' | 'none'): void;
  /** Ends the pull-down refresh animation of the current page. */
  stopRefreshing(): void;
  /** `wx.login` code; rejects outside WeChat. */
  wechatLoginCode(): Promise<string>;
  /** Photos from the camera or the album, compressed on the device. */
  pickImages(source: 'camera' | 'album', count: number): Promise<PickedFile[]>;
  /** A PDF document (from a chat in WeChat, from the file system in a browser). */
  pickPdf(): Promise<PickedFile | undefined>;
  /** The device clock, read in this one place. */
  now(): Date;
}

let current: Platform | undefined;

export function setPlatform(platform: Platform): void {
  current = platform;
}

export function platform(): Platform {
  if (!current) throw new Error('platform not set: call setPlatform() at start-up');
  return current;
}
