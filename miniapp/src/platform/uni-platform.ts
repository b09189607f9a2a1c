/**
 * The one place that calls `uni.*`. Conditional compilation
 * (`#ifdef H5` / `#ifdef MP-WEIXIN`) keeps each build's code out of the other.
 */
import type { HttpRequest, HttpResponse, PickedFile, Platform } from './platform';

/** The API's origin: empty in H5 (served by the API itself), configured at build time for WeChat. */
const apiOrigin: string =
  import.meta.env.VITE_API_ORIGIN ?? (process.env.UNI_PLATFORM === 'mp-weixin' ? 'http://127.0.0.1:3000' : '');

/** Longest side of an uploaded photo: enough to read a report, small enough to upload on a weak signal. */
const maxPhotoSide = 2000;
const photoQuality = 0.8;

/** uni-app's fail callbacks carry `{ errMsg }`, typed loosely. */
function failure(error: unknown): Error {
  const errMsg = (error as { errMsg?: unknown } | undefined)?.errMsg;
  return new Error(typeof errMsg === 'string' ? errMsg : 'fail');
}

function uniRequest(options: UniApp.RequestOptions): Promise<UniApp.RequestSuccessCallbackResult> {
  return new Promise((resolve, reject) => {
    uni.request({ ...options, success: resolve, fail: error => reject(failure(error)) });
  });
}

// #ifdef H5
function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(new Error('读取文件失败'));
    reader.readAsDataURL(blob);
  });
}

/** Re-encodes a photo as JPEG with its longest side at most `maxPhotoSide`. */
async function compressInBrowser(file: Blob): Promise<Blob> {
  const url = URL.createObjectURL(file);
  try {
    const image = await new Promise<HTMLImageElement>((resolve, reject) => {
      const element = new Image();
      element.onload = () => resolve(element);
      element.onerror = () => reject(new Error('无法读取图片'));
      element.src = url;
    });
    const scale = Math.min(1, maxPhotoSide / Math.max(image.naturalWidth, image.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>(resolve => canvas.toBlob(resolve, 'image/jpeg', photoQuality));
    return blob && blob.size < file.size ? blob : file;
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function pickedFromBlob(blob: Blob, name: string): Promise<PickedFile> {
  return {
    name,
    contentType: blob.type,
    base64: await blobToBase64(blob),
    sizeBytes: blob.size,
    ...(blob.type.startsWith('image/') ? { previewUrl: URL.createObjectURL(blob) } : {})
  };
}
// #endif

// #ifdef MP-WEIXIN
function readBase64(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    uni.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: result => resolve(typeof result.data === 'string' ? result.data : ''),
      fail: error => reject(failure(error))
    });
  });
}

function compressInWechat(src: string): Promise<string> {
  return new Promise(resolve => {
    uni.compressImage({
      src,
      quality: photoQuality * 100,
      success: result => resolve(result.tempFilePath),
      fail: () => resolve(src)
    });
  });
}
// #endif

export function createUniPlatform(): Platform {
  return {
    kind: process.env.UNI_PLATFORM === 'mp-weixin' ? 'mp-weixin' : 'h5',

    async request(request: HttpRequest): Promise<HttpResponse> {
      const response = await uniRequest({
        url: `${apiOrigin}${request.path}`,
        method: request.method,
        header: { ...request.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(request.body === undefined ? {} : { data: request.body as UniApp.RequestOptions['data'] }),
        dataType: 'text',
        responseType: 'text'
      });
      const text = typeof response.data === 'string' ? response.data : '';
      return { status: response.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
    },

    async openDocument(path, headers, filename) {
      // #ifdef H5
      const response = await fetch(`${apiOrigin}${path}`, { headers });
      if (!response.ok) throw new Error('下载失败，请稍后再试');
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      // #endif
      // #ifdef MP-WEIXIN
      const filePath = await new Promise<string>((resolve, reject) => {
        uni.downloadFile({
          url: `${apiOrigin}${path}`,
          header: headers,
          success: result =>
            result.statusCode === 200 ? resolve(result.tempFilePath) : reject(new Error('下载失败，请稍后再试')),
          fail: error => reject(failure(error))
        });
      });
      if (/\.(jpe?g|png)$/i.test(filename)) {
        await new Promise<void>((resolve, reject) => {
          uni.previewImage({ urls: [filePath], success: () => resolve(), fail: error => reject(failure(error)) });
        });
        return;
      }
      // showMenu lets the person forward or save the sheet from WeChat's viewer.
      await new Promise<void>((resolve, reject) => {
        uni.openDocument({
          filePath,
          fileType: filename.endsWith('.pdf') ? 'pdf' : 'xlsx',
          showMenu: true,
          success: () => resolve(),
          fail: error => reject(failure(error))
        });
      });
      // #endif
    },

    storageGet(key) {
      const value: unknown = uni.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : undefined;
    },
    storageSet(key, value) {
      uni.setStorageSync(key, value);
    },
    storageRemove(key) {
      uni.removeStorageSync(key);
    },

    navigateTo(url) {
      void uni.navigateTo({ url });
    },
    redirectTo(url) {
      void uni.redirectTo({ url });
    },
    reLaunch(url) {
      void uni.reLaunch({ url });
    },
    navigateBack() {
      void uni.navigateBack({ delta: 1 });
    },
    toast(message, kind = 'none') {
      // WeChat cuts a toast with an icon after 7 characters: longer messages go without the icon.
      const icon = kind === 'success' && [...message].length <= 7 ? 'success' : 'none';
      void uni.showToast({ title: message, icon, duration: 2500 });
    },
    stopRefreshing() {
      void uni.stopPullDownRefresh();
    },

    wechatLoginCode() {
      return new Promise((resolve, reject) => {
        // #ifdef MP-WEIXIN
        uni.login({
          provider: 'weixin',
          success: result => resolve(result.code),
          fail: error => reject(failure(error))
        });
        // #endif
        // #ifdef H5
        reject(new Error('请在微信小程序中使用微信登录'));
        // #endif
      });
    },

    async pickImages(source, count) {
      const chosen = await new Promise<UniApp.ChooseImageSuccessCallbackResult>((resolve, reject) => {
        uni.chooseImage({
          count,
          sizeType: ['compressed'],
          sourceType: [source],
          success: resolve,
          fail: error => reject(failure(error))
        });
      });
      const files = Array.isArray(chosen.tempFiles) ? chosen.tempFiles : [chosen.tempFiles];
      const picked: PickedFile[] = [];
      for (const [index, file] of files.entries()) {
        // #ifdef H5
        const blob = await compressInBrowser(file as unknown as File);
        picked.push(await pickedFromBlob(blob, `照片${index + 1}.jpg`));
        // #endif
        // #ifdef MP-WEIXIN
        const path = await compressInWechat((file as { path: string }).path);
        const base64 = await readBase64(path);
        picked.push({
          name: `照片${index + 1}.jpg`,
          contentType: 'image/jpeg',
          base64,
          sizeBytes: Math.floor((base64.length * 3) / 4),
          previewUrl: path
        });
        // #endif
      }
      return picked;
    },

    pickPdf() {
      return new Promise<PickedFile | undefined>((resolve, reject) => {
        // #ifdef H5
        uni.chooseFile({
          count: 1,
          extension: ['.pdf'],
          success: result => {
            const files = Array.isArray(result.tempFiles) ? result.tempFiles : [result.tempFiles];
            const file = files[0] as unknown as File | undefined;
            if (!file) return resolve(undefined);
            pickedFromBlob(file, file.name).then(resolve, reject);
          },
          fail: () => resolve(undefined)
        });
        // #endif
        // #ifdef MP-WEIXIN
        uni.chooseMessageFile({
          count: 1,
          type: 'file',
          extension: ['pdf'],
          success: result => {
            const file = result.tempFiles[0];
            if (!file) return resolve(undefined);
            readBase64(file.path).then(
              base64 => resolve({ name: file.name, contentType: 'application/pdf', base64, sizeBytes: file.size }),
              reject
            );
          },
          fail: () => resolve(undefined)
        });
        // #endif
      });
    },

    now() {
      return new Date();
    }
  };
}
