// Strict headers on every answer: a CSP without inline scripts (Mantine injects <style> tags, so
// styles need 'unsafe-inline'; scripts never do), no framing, no sniffing, no referrer.
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function applySecurityHeaders(reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
}

/** onRequest, first of all hooks: every answer carries the headers, refusals included. */
export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (_req, reply) => {
      applySecurityHeaders(reply);
    });
  },
  { name: 'orglink-security-headers' },
);
