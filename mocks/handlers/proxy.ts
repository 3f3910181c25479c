// The same operations at the PROXY paths (`/api/opsmanager/public/v1.0/...`, relative to the page),
// answering as the proxy in server/ would: its own refusals (CSRF, bad ID, bad body, upstream
// unreachable) in its own error shape, everything else the upstream's answer passed through. Plus
// the proxy's own endpoints the SPA reads. Used by the browser worker and the jsdom unit tests.
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { AuditList } from '#contract/audit-contract';
import {
  CSRF_HEADER,
  CSRF_VALUE,
  DEFAULT_POLL_INTERVALS_MS,
  PROXY_ENDPOINTS,
  demoSession,
  type ProxyConfig,
  type Session,
} from '#contract/proxy-contract';
import { PROXY_MESSAGES, describeProblems } from '#contract/proxy-messages';
import {
  UPSTREAM_LABELS,
  UPSTREAMS,
  operationIds,
  routerPath,
  routes,
} from '#contract/route-table';
import { OBJECT_ID_PROBLEM } from '#contract/schemas';
import { scenarioFor, type ScenarioName } from '../scenarios';
import { SIM_PUBLIC_KEY } from '../sim-keys';
import {
  csrfRejected,
  proxyError,
  toResponse,
  upstreamDown,
  type MockAnswer,
} from './response-builders';
import { answerAsUpstream, bodyTextOf, readBody, readIds, simulateLatency } from './operations';
import { createLinkHandlers, observeLedger } from './link';
import { METHOD_HANDLERS } from './upstream';

/** The session the fakes report: the loopback demo user, allowed to change things. */
export const MOCK_SESSION: Session = demoSession(true);

function own(answer: MockAnswer): Response {
  // The proxy's own answers are not the upstream's: no envelope, no pretty.
  return toResponse(answer, new URLSearchParams());
}

export function mockConfig(reachable: boolean, scenario: ScenarioName | null = null): ProxyConfig {
  // As the proxy reports its key: the public part, and when the upstream last took or refused it.
  const now = new Date().toISOString();
  return {
    upstreams: UPSTREAMS.map((name) => ({
      name,
      label: UPSTREAM_LABELS[name],
      // The browser fakes have no URL of their own.
      baseUrl: null,
      authKind: 'digest',
      simulated: true,
      reachable,
      publicKey: SIM_PUBLIC_KEY,
      keyAcceptedAt: scenario === 'unauthorized' || !reachable ? null : now,
      keyRefusedAt: scenario === 'unauthorized' ? now : null,
    })),
    session: MOCK_SESSION,
    signInRequired: false,
    pollIntervalsMs: DEFAULT_POLL_INTERVALS_MS,
    statusCacheMs: 1000,
  };
}

export function createProxyHandlers(): RequestHandler[] {
  const operations = operationIds.map((op) => {
    const r = routes[op];
    return METHOD_HANDLERS[r.method](routerPath(r, 'proxy'), async ({ request, params }) => {
      const scenario = scenarioFor(request.headers);
      await simulateLatency(scenario);
      if (r.mutation && request.headers.get(CSRF_HEADER) !== CSRF_VALUE) return own(csrfRejected());
      const ids = readIds(op, params);
      if (!ids.ok) {
        const detail = describeProblems([{ path: [ids.param], message: OBJECT_ID_PROBLEM }]);
        return own(proxyError(400, 'REQUEST_REFUSED', PROXY_MESSAGES.invalid('path', detail)));
      }
      const bodyText = await bodyTextOf(op, request);
      if (r.body && bodyText.trim() === '') {
        return own(proxyError(400, 'REQUEST_REFUSED', PROXY_MESSAGES.bodyEmpty));
      }
      const body = readBody(op, bodyText);
      if (!body.ok) {
        const detail =
          body.kind === 'json'
            ? PROXY_MESSAGES.bodyNotJson
            : PROXY_MESSAGES.invalid('body', describeProblems(body.problems));
        return own(proxyError(400, 'REQUEST_REFUSED', detail));
      }
      if (scenario === 'upstream-down') return own(upstreamDown(r.upstream));
      const answer = answerAsUpstream({
        op,
        url: new URL(request.url),
        params,
        bodyText,
        scenario,
        challenge: false,
      });
      // What the proxy's ledger records of a manual Generate, Connect or Delete.
      await observeLedger(op, ids.ids, bodyText, answer);
      return answer;
    });
  });
  return [
    http.get(PROXY_ENDPOINTS.config, async ({ request }) => {
      const scenario = scenarioFor(request.headers);
      await simulateLatency(null);
      return HttpResponse.json(mockConfig(scenario !== 'upstream-down', scenario));
    }),
    http.get(PROXY_ENDPOINTS.session, async () => {
      await simulateLatency(null);
      return HttpResponse.json(MOCK_SESSION);
    }),
    // The Audit page in `npm run dev`: the browser fakes keep no audit log (the proxy does).
    http.get(PROXY_ENDPOINTS.audit, async () => {
      await simulateLatency(null);
      const empty: AuditList = { entries: [], source: 'memory', truncated: false, unreadable: 0 };
      return HttpResponse.json(empty);
    }),
    ...operations,
    // Generate and connect, the link-token ledger, "Linked to" (server/link/).
    ...createLinkHandlers(),
  ];
}
