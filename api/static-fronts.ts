/**
 * Serves the built browser fronts of runtime/fronts.ts from the API process: precompressed files (brotli or
 * gzip, as the browser accepts), hashed assets cached for a year, `index.html` always revalidated, each
 * front's own content security policy, and the front's `index.html` for any other page path (history-mode
 * routing). Before a front's first build its paths answer 503 in Chinese; a rebuild while the process runs
 * is picked up on the next request.
 */
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { frontFor, fronts as allFronts, type Front } from '../runtime/fronts';
import { projectRoot } from '../runtime/paths';

/**
 * Content-hashed names: Vite's `assets/index-B3x_k9Qz.js`, uni-app's `assets/applications.C3rM95Ir.js` and
 * `assets/uni.d834f480.css`. Their content never changes.
 */
const hashedAsset = /\/assets\/.+[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

function cacheControlFor(file: string): string {
  const original = file.replace(/\.(br|gz)$/, '');
  if (original.endsWith('.html')) return 'no-cache';
  return hashedAsset.test(original.split(path.sep).join('/')) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

interface ServedFront {
  front: Front;
  dist: string;
  handler: RequestHandler;
  builtAt: number;
}

export interface StaticFrontsOptions {
  root?: string;
  fronts?: readonly Front[];
}

function sendText(response: Response, front: Front, status: number, text: string): void {
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Content-Security-Policy', front.contentSecurityPolicy);
  response.status(status).type('text/plain; charset=utf-8').send(text);
}

export function serveFronts(options: StaticFrontsOptions = {}): RequestHandler {
  const root = options.root ?? projectRoot;
  const list = options.fronts ?? allFronts;
  const served = new Map<string, ServedFront>();

  /** The front's file server, made again when `index.html` changed (a rebuild). */
  function servedFront(front: Front): ServedFront | undefined {
    const dist = path.join(root, front.distDir);
    const index = path.join(dist, 'index.html');
    let builtAt: number;
    try {
      builtAt = fs.statSync(index).mtimeMs;
    } catch {
      return undefined;
    }
    const current = served.get(front.name);
    if (current?.builtAt === builtAt) return current;
    const handler = expressStaticGzip(dist, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        dotfiles: 'ignore',
        fallthrough: true,
        setHeaders: (response: ServerResponse, file: string) => {
          response.setHeader('Cache-Control', cacheControlFor(file));
          if (file.replace(/\.(br|gz)$/, '').endsWith('.html'))
            response.setHeader('Content-Security-Policy', front.contentSecurityPolicy);
        }
      }
    }) as RequestHandler;
    const next = { front, dist, handler, builtAt };
    served.set(front.name, next);
    return next;
  }

  function sendIndex(target: ServedFront, response: Response): void {
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', target.front.contentSecurityPolicy);
    response.type('html');
    response.sendFile(path.join(target.dist, 'index.html'));
  }

  return (request: Request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path.startsWith('/api/') || request.path === '/api') return next();
    const front = frontFor(request.path, list);
    if (!front) return next();
    const target = servedFront(front);
    if (!target)
      return sendText(response, front, 503, `${front.title}尚未构建：npm start 启动时会自动构建，请稍候刷新`);
    const prefix = front.mountPath.slice(0, -1);
    if (request.path === prefix && prefix !== '') return response.redirect(301, front.mountPath);
    const originalUrl = request.url;
    request.url = request.url.slice(prefix.length) || '/';
    const relative = request.path;
    target.handler(request, response, (error?: unknown) => {
      request.url = originalUrl;
      if (error) return next(error);
      // A page path of the front's router (no file extension) gets the app shell; a missing file is a 404.
      if (relative === '/' || (!path.extname(relative) && request.accepts('html'))) return sendIndex(target, response);
      sendText(response, front, 404, '页面不存在');
    });
  };
}
