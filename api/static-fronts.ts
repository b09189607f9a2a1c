/**
 * Serves the built browser fronts of runtime/fronts.ts from the API process: precompressed files (brotli or
 * gzip, as the browser accepts), hashed assets cached for a year, `index.html` always revalidated, and the
 * front's `index.html` for any other page path (history-mode routing). A front is served only once built;
 * a rebuild while the process runs is picked up on the next request.
 */
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { frontFor, fronts as allFronts, type Front } from '../runtime/fronts';
import { projectRoot } from '../runtime/paths';

/**
 * The page's policy (helmet's default plus what the fronts need): blob: for previews of attachments and
 * e-forms the console fetched with its token; inline styles for the component library's runtime styles.
 */
export const frontContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'"
].join('; ');

/** Vite-style content-hashed names (`assets/index-B3x_k9Qz.js`): their content never changes. */
const hashedAsset = /\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

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
            response.setHeader('Content-Security-Policy', frontContentSecurityPolicy);
        }
      }
    }) as RequestHandler;
    const next = { front, dist, handler, builtAt };
    served.set(front.name, next);
    return next;
  }

  function sendIndex(target: ServedFront, response: Response): void {
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', frontContentSecurityPolicy);
    response.type('html');
    response.sendFile(path.join(target.dist, 'index.html'));
  }

  return (request: Request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path.startsWith('/api/') || request.path === '/api') return next();
    const front = frontFor(request.path, list);
    const target = front && servedFront(front);
    if (!front || !target) return next();
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
      next();
    });
  };
}
