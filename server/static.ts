// Serves the built SPA: hashed files under /assets are cached for a year, everything else
// (index.html above all) is revalidated on every load, and unknown page paths get index.html so
// react-router can render them (history fallback).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Orglink Console</title></head>
<body><h1>Orglink Console</h1><p>The dashboard is not built yet. Run <code>npm run build</code>
(or <code>npm start</code>, which builds it) and reload.</p></body></html>`;

export interface StaticSite {
  /** Answers a GET/HEAD for a page path nobody else handled (history fallback). */
  fallback(req: FastifyRequest, reply: FastifyReply): FastifyReply;
}

export function registerStatic(app: FastifyInstance, dir: string | null): StaticSite {
  const hasBuild = dir !== null && existsSync(join(dir, 'index.html'));
  if (hasBuild) {
    void app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      // Files are looked up on disk per request, so a rebuild while running is served at once;
      // a missing file falls through to the fallback below.
      wildcard: true,
      index: 'index.html',
      cacheControl: false,
      dotfiles: 'ignore',
      // The msw worker is for `npm run dev` only; the built app never registers it. Source maps
      // (built `hidden`, for reading stack traces here) are never handed out: they hold the sources.
      allowedPath: (pathName) =>
        !pathName.endsWith('/mockServiceWorker.js') && !/\.map$/i.test(pathName),
      setHeaders: (reply, path) => {
        const hashed = /[/\\]assets[/\\]/.test(path);
        reply.header('cache-control', hashed ? IMMUTABLE : REVALIDATE);
      },
    });
  }
  return {
    fallback(req, reply) {
      const path = req.url.split('?')[0] ?? '/';
      // A missing file (it has an extension) is a 404, never index.html served as a script.
      if (/\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '')) {
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      }
      reply.header('cache-control', REVALIDATE);
      if (!hasBuild) return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
      return reply.sendFile('index.html');
    },
  };
}
