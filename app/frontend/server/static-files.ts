import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Response } from 'express';

/**
 * Finds `public/` next to the server code, never relative to the working directory, so the server
 * works from any cwd. Two layouts exist: source (`app/frontend/server/*.ts` → `../public`) and
 * compiled (`dist/app/frontend/server/*.js` → the repo's `app/frontend/public`, which the
 * Dockerfile copies to the same relative place).
 */
export function resolvePublicDir(serverDir = path.dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [
    path.resolve(serverDir, '../public'),
    path.resolve(serverDir, '../../../../app/frontend/public'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) {
    throw new Error(`Storefront files not found: expected index.html in one of ${candidates.join(', ')}`);
  }
  return found;
}

/**
 * Asset file names carry no content hash (no build step), so browsers must revalidate them on every
 * use: `no-cache` plus the ETag/Last-Modified that serve-static sends makes that a cheap 304, and a
 * new release is picked up at once instead of mixing old and new modules. Images and icons change
 * rarely and may be cached for a day.
 */
function setCacheHeaders(res: Response, filePath: string): void {
  const long = /\.(png|jpe?g|gif|webp|avif|svg|ico|woff2?)$/i.test(filePath);
  res.setHeader('Cache-Control', long ? 'public, max-age=86400' : 'no-cache');
}

export function staticFiles(publicDir: string): RequestHandler {
  return express.static(publicDir, {
    index: false, // `/` goes through the SPA route below so it gets the same headers as every page
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: setCacheHeaders,
  });
}

/** True for paths whose last segment has a file extension (`/app.js`), which are assets, not pages. */
export function looksLikeAsset(urlPath: string): boolean {
  const last = urlPath.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]+$/.test(last);
}

/**
 * Client-side routes (`/products/42`, `/orders`) have no file on disk: answer them with index.html
 * and let the router in the page pick the view. Paths that look like files and are missing get a
 * real 404, so a broken asset link shows up as an error rather than as HTML parsed as JavaScript.
 */
export function spaFallback(publicDir: string): RequestHandler {
  const indexFile = path.join(publicDir, 'index.html');
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || looksLikeAsset(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile, (err) => {
      if (err) next(err);
    });
  };
}
