import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyWith, type Front } from '../runtime/fronts';
import { serveFronts } from './static-fronts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fronts-'));
const front = (name: string, title: string, mountPath: string, distDir: string, policy: string): Front => ({
  name,
  title,
  mountPath,
  sourceDir: name,
  inputs: [name],
  distDir,
  build: { cwd: name, command: 'true', args: [] },
  contentSecurityPolicy: policy
});
const consolePolicy = policyWith({ 'img-src': ['blob:'], 'frame-src': ["'self'", 'blob:'] });
const miniappPolicy = policyWith({ 'img-src': ['blob:'] });
const list = [
  front('console', '管理后台', '/', 'web/dist', consolePolicy),
  front('miniapp-h5', '患者端', '/m/', 'miniapp/dist/build/h5', miniappPolicy)
];
const script = `console.log(${JSON.stringify('管理后台'.repeat(200))});`;

function writeDist(dist: string, title: string, assetName = 'index-B3x_k9Qz.js'): void {
  fs.mkdirSync(path.join(root, dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, dist, 'index.html'), `<!doctype html><title>${title}</title>`);
  const asset = path.join(root, dist, 'assets', assetName);
  fs.writeFileSync(asset, script);
  fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
  fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
  fs.writeFileSync(path.join(root, dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

describe('the API serving the built fronts', () => {
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.get('/api/ping', (_request, response) => void response.json({ ok: true }));
    app.use(serveFronts({ root, fronts: list }));
    app.use((_request, response) => void response.status(404).json({ code: 'NOT_FOUND' }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(() => {
    close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers 503 in Chinese before a front is first built, and leaves the API alone', async () => {
    const response = await fetch(`${base}/dashboard`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('管理后台尚未构建：npm start 启动时会自动构建，请稍候刷新');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await (await fetch(`${base}/api/ping`)).json()).toEqual({ ok: true });
    writeDist('web/dist', 'console');
  });

  it('serves a hashed asset brotli-compressed and cached for a year', async () => {
    const response = await fetch(`${base}/assets/index-B3x_k9Qz.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('vary')).toContain('Accept-Encoding');
    expect(await response.text()).toBe(script);
  });

  it('falls back to gzip and to the plain file for browsers that take less', async () => {
    const gzip = await fetch(`${base}/assets/index-B3x_k9Qz.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(script);
    const plain = await fetch(`${base}/favicon.svg`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers every page path of the console with its index.html, never cached and with its CSP', async () => {
    for (const page of [
      '/',
      '/applications/chronic/6d7c0a5e-0000-4000-8000-000000000000',
      '/login?redirect=%2Fdashboard'
    ]) {
      const response = await fetch(`${base}${page}`, { headers: { accept: 'text/html' } });
      expect(response.status, page).toBe(200);
      expect(await response.text()).toContain('<title>console</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(consolePolicy);
    }
  });

  it('answers a missing file with a 404 in Chinese and leaves the API alone', async () => {
    const missing = await fetch(`${base}/assets/missing-AbCdEfGh.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('页面不存在');
    expect(await (await fetch(`${base}/api/ping`)).json()).toEqual({ ok: true });
    expect((await fetch(`${base}/api/nothing`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('serves the mini-program at /m/ once it is built, with its own policy, picking up the build without a restart', async () => {
    // Not the console's page either: /m/ is the mini-program's, and says so until it is built.
    const before = await fetch(`${base}/m/`, { headers: { accept: 'text/html' } });
    expect(before.status).toBe(503);
    expect(await before.text()).toContain('患者端尚未构建');
    writeDist('miniapp/dist/build/h5', 'miniapp', 'applications.C3rM95Ir.js');
    const page = await fetch(`${base}/m/pages/index/index`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<title>miniapp</title>');
    expect(page.headers.get('content-security-policy')).toBe(miniappPolicy);
    expect(miniappPolicy).toContain("img-src 'self' data: blob:");
    expect(miniappPolicy).not.toContain('frame-src');
    const redirect = await fetch(`${base}/m`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/m/');
    // uni-app names its chunks `name.hash.js`: cached for a year like Vite's `name-hash.js`.
    const asset = await fetch(`${base}/m/assets/applications.C3rM95Ir.js`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
