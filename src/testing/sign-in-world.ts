// A proxy with sign-in required for unit tests: answers config and session like server/access does.
import { http, HttpResponse } from 'msw';
import { mockConfig } from '../../mocks/handlers/proxy';
import { mockServer } from '../../mocks/node';
import { PROXY_ENDPOINTS, type ProxyConfig, type Session } from '#contract/proxy-contract';

/** The proxy with sign-in required; `session` starts as given and follows sign-in/out. */
export function signInWorld(initial: Session | null = null) {
  let session = initial;
  const bodies: unknown[] = [];
  const config = (): ProxyConfig => ({ ...mockConfig(true), session, signInRequired: true });
  mockServer.use(
    http.get(PROXY_ENDPOINTS.config, () => HttpResponse.json(config())),
    http.post(PROXY_ENDPOINTS.session, async ({ request }) => {
      const body = (await request.json()) as { username: string; password: string };
      bodies.push(body);
      if (request.headers.get('x-orglink-csrf') !== '1')
        return new HttpResponse(null, { status: 403 });
      if (body.password === 'too many') {
        return HttpResponse.json(
          {
            source: 'proxy',
            error: 429,
            code: 'TOO_MANY_ATTEMPTS',
            detail: 'Too many wrong passwords.',
          },
          { status: 429, headers: { 'retry-after': '8' } },
        );
      }
      if (body.password !== 'right password') {
        return HttpResponse.json(
          {
            source: 'proxy',
            error: 401,
            code: 'NOT_SIGNED_IN',
            detail: 'Wrong user name or password.',
          },
          { status: 401 },
        );
      }
      session = { user: body.username, role: 'viewer', method: 'password' };
      return HttpResponse.json(session);
    }),
    http.delete(PROXY_ENDPOINTS.session, () => {
      session = null;
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { bodies };
}
