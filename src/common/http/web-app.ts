import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the web application lives. The API's routes have no prefix (`/episodes/{id}`), so the
 * application has its own base path: a reload of one of its pages never reaches an API route.
 */
export const WEB_APP_PATH = '/app';

/** The built application (`npm run build:web`), unless `WEB_DIST_DIR` names another folder. */
export function webAppDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.WEB_DIST_DIR ?? join(process.cwd(), 'web', 'dist'));
}

/**
 * What the web application may load: its own scripts only (no inline script), its own styles
 * plus the style attributes and elements its components set at run time, images it draws
 * (QR codes as data: URLs, charts as blobs), calls to its own origin, and no framing at all.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function isWebAppPath(path: string): boolean {
  return path === '/' || path === WEB_APP_PATH || path.startsWith(`${WEB_APP_PATH}/`);
}

const ENCODINGS = [
  { name: 'br', extension: '.br', accepted: /\bbr\b/ },
  { name: 'gzip', extension: '.gz', accepted: /\bgzip\b/ },
] as const;

/**
 * A built script or style sheet in the smallest encoding the browser accepts, from the copies the
 * build wrote (`web/scripts/precompress.mjs`): nothing is compressed per request.
 */
function sendPrecompressed(
  request: Request,
  response: Response,
  directory: string,
  inner: string,
): boolean {
  const type = /^\/assets\/[\w.-]+\.(js|css)$/.exec(inner)?.[1];
  if (!type) return false;
  const accepted = String(request.headers['accept-encoding'] ?? '');
  for (const encoding of ENCODINGS) {
    const file = join(directory, `${inner}${encoding.extension}`);
    if (!encoding.accepted.test(accepted) || !existsSync(file)) continue;
    response.setHeader('Content-Encoding', encoding.name);
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.type(type === 'js' ? 'text/javascript' : 'text/css');
    response.sendFile(file);
    return true;
  }
  return false;
}

/**
 * Serves the built web application at `/app/`: its hashed assets for a year, any other path
 * under `/app/` as the application's page (the router in the browser takes it from there), a
 * missing asset as a plain 404. `/` leads to the application. Paths outside `/app/` stay the
 * API's, unknown ones included (its problem+json 404).
 */
export function mountWebApp(app: NestExpressApplication, directory = webAppDirectory()): void {
  const index = join(directory, 'index.html');
  const assets = express.static(directory, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader(
        'Cache-Control',
        path.startsWith(join(directory, 'assets'))
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });

  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path === '/') return response.redirect(302, `${WEB_APP_PATH}/`);
    if (request.path === WEB_APP_PATH) return response.redirect(301, `${WEB_APP_PATH}/`);
    if (!request.path.startsWith(`${WEB_APP_PATH}/`)) return next();

    if (!existsSync(index)) {
      response
        .status(503)
        .type('text/plain')
        .send('The web application is not built: run `npm run build:web`.\n');
      return;
    }
    const inner = request.path.slice(WEB_APP_PATH.length);
    if (sendPrecompressed(request, response, directory, inner)) return;
    const original = request.url;
    request.url = request.url.slice(WEB_APP_PATH.length) || '/';
    assets(request, response, () => {
      request.url = original;
      // A file name that is not there is a missing file, not a page of the application.
      if (/\.[a-z0-9]{1,8}$/i.test(inner)) {
        response.status(404).type('text/plain').send('Not found\n');
        return;
      }
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  });
}
