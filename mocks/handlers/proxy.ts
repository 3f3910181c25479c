// The same operations at the PROXY paths (`/api/opsmanager/public/v1.0/...`, relative to the page),
// answering as the proxy in server/ would: its own refusals (CSRF, bad ID, bad body, upstream
// unreachable) in its own error shape, everything else the upstream's answer passed through. Plus
// the proxy's own endpoints the SPA reads. Used by the browser worker and the jsdom unit tests.
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { AuditList } from '#contract/audit-contract';
import {
  FLEET_ENDPOINTS,
  HISTORY_LIMIT_DEFAULT,
  HISTORY_LIMIT_MAX,
  type FleetStatus,
  type SeenVia,
} from '#contract/fleet-contract';
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
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  UPSTREAM_LABELS,
  UPSTREAMS,
  isSourceUpstream,
  operationIds,
  routerPath,
  routes,
  type OperationId,
  type SourceUpstream,
} from '#contract/route-table';
import { OBJECT_ID_PATTERN, OBJECT_ID_PROBLEM, linkStatusSchema } from '#contract/schemas';
import { upstreamAnswerMeansNone } from '#contract/upstream-answers';
import {
  fakeFleet,
  fakeHistory,
  fakeSweepProgress,
  observeFakeStatus,
  requestFakeSweep,
} from '../db/fleet';
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
import { createLiveMigrationProxyHandlers, noteValidation } from './live-migrations-proxy';

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

/** Which source org-link operations tell a link status, and how (as server/fleet/observe.ts). */
const OBSERVED: Partial<
  Record<OperationId, { upstream: SourceUpstream; role: 'status' | 'connect' | 'remove' }>
> = Object.fromEntries(
  SOURCE_UPSTREAMS.flatMap((upstream) =>
    (['status', 'connect', 'remove'] as const).map((role) => [
      SOURCE_OPS[upstream][role],
      { upstream, role },
    ]),
  ),
);

/** Records in the fake fleet the status a proxied answer tells, as the proxy does. */
async function observeAnswer(op: OperationId, orgId: string | undefined, res: Response) {
  const how = OBSERVED[op];
  if (!how || !orgId) return;
  let status: FleetStatus | null = null;
  if (how.role === 'remove') {
    status = res.status === 204 || upstreamAnswerMeansNone(res.status) ? 'NOT_LINKED' : null;
  } else if (how.role === 'status' && upstreamAnswerMeansNone(res.status)) {
    status = 'NOT_LINKED';
  } else if (res.ok) {
    const parsed = linkStatusSchema.safeParse(
      await res
        .clone()
        .json()
        .catch(() => null),
    );
    status = parsed.success ? parsed.data.status : null;
  }
  const seen: SeenVia = how.role === 'status' ? 'poll' : 'mutation';
  if (status) observeFakeStatus(how.upstream, orgId, status, seen);
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
      await observeAnswer(op, ids.ids.orgId, answer);
      // As the proxy records it: Start migration needs a validation of the same request.
      if (op === 'validateMigration') await noteValidation(answer, bodyText);
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
      const empty: AuditList = {
        entries: [],
        source: 'memory',
        nextCursor: null,
        truncated: false,
        unreadable: 0,
      };
      return HttpResponse.json(empty);
    }),
    ...fleetHandlers(),
    // The migration registry (/api/migrations…).
    ...createLiveMigrationProxyHandlers(),
    ...operations,
    // Generate and connect, the link-token ledger, "Linked to" (server/link/).
    ...createLinkHandlers(),
  ];
}

/** The fleet's endpoints (server/fleet/routes.ts), answered from the fake fleet (mocks/db/fleet.ts). */
function fleetHandlers(): RequestHandler[] {
  const manyOrgs = (request: Request) => scenarioFor(request.headers) === 'many-orgs';
  const noStore = { 'cache-control': 'no-store' };
  return [
    http.get(FLEET_ENDPOINTS.fleet, async ({ request }) => {
      await simulateLatency(scenarioFor(request.headers));
      return HttpResponse.json(fakeFleet(manyOrgs(request)), { headers: noStore });
    }),
    http.get(FLEET_ENDPOINTS.sweep, async ({ request }) => {
      await simulateLatency(null);
      return HttpResponse.json(fakeSweepProgress(manyOrgs(request)), { headers: noStore });
    }),
    http.post(FLEET_ENDPOINTS.sweep, async ({ request }) => {
      await simulateLatency(null);
      if (request.headers.get(CSRF_HEADER) !== CSRF_VALUE) return own(csrfRejected());
      return HttpResponse.json(requestFakeSweep(MOCK_SESSION.user, manyOrgs(request)), {
        status: 202,
        headers: noStore,
      });
    }),
    http.get(FLEET_ENDPOINTS.historyRoute, async ({ request, params }) => {
      await simulateLatency(null);
      const upstream = String(params.upstream);
      const orgId = String(params.orgId);
      const problems: { path: string[]; message: string }[] = [];
      if (!isSourceUpstream(upstream)) {
        problems.push({
          path: ['upstream'],
          message: `must be one of ${SOURCE_UPSTREAMS.join(', ')}`,
        });
      }
      if (!OBJECT_ID_PATTERN.test(orgId))
        problems.push({ path: ['orgId'], message: OBJECT_ID_PROBLEM });
      if (problems.length || !isSourceUpstream(upstream)) {
        return own(
          proxyError(
            400,
            'REQUEST_REFUSED',
            PROXY_MESSAGES.invalid('path', describeProblems(problems)),
          ),
        );
      }
      const raw = new URL(request.url).searchParams.get('limit');
      const limit = raw === null ? HISTORY_LIMIT_DEFAULT : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_LIMIT_MAX) {
        return own(
          proxyError(
            400,
            'REQUEST_REFUSED',
            PROXY_MESSAGES.invalid(
              'query',
              `limit: must be a whole number from 1 to ${HISTORY_LIMIT_MAX}`,
            ),
          ),
        );
      }
      return HttpResponse.json(fakeHistory(upstream, orgId, limit), { headers: noStore });
    }),
  ];
}
