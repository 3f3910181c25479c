// The fakes at the UPSTREAM paths (`https://opsmanager.example/api/public/v1.0/orgs/...`): what the
// simulated upstream (http-server.ts) serves, and what server/ tests intercept with msw/node.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { operationIds, routerPath, routes, type HttpMethod } from '#contract/route-table';
import { scenarioFor } from '../scenarios';
import { answerAsUpstream, bodyTextOf, simulateLatency } from './operations';

export interface UpstreamBases {
  /** e.g. `http://127.0.0.1:9101` (no trailing slash needed). */
  opsmanagerBase: string;
  /** Must differ from opsmanagerBase: both serve `/api/public/v1.0/orgs`. */
  cloudBase: string;
}

export const METHOD_HANDLERS: Record<HttpMethod, typeof http.get> = {
  GET: http.get,
  POST: http.post,
  DELETE: http.delete,
};

export function createUpstreamHandlers({
  opsmanagerBase,
  cloudBase,
}: UpstreamBases): RequestHandler[] {
  const bases = {
    opsmanager: opsmanagerBase.replace(/\/+$/, ''),
    cloud: cloudBase.replace(/\/+$/, ''),
  };
  if (bases.opsmanager === bases.cloud) {
    throw new Error(
      'opsmanagerBase and cloudBase must differ: both APIs serve /api/public/v1.0/orgs',
    );
  }
  return operationIds.map((op) => {
    const r = routes[op];
    return METHOD_HANDLERS[r.method](
      bases[r.upstream] + routerPath(r, 'upstream'),
      async ({ request, params }) => {
        const scenario = scenarioFor(request.headers);
        await simulateLatency(scenario);
        // A network error, as when nothing listens (http-server.ts drops the socket instead).
        if (scenario === 'upstream-down') return HttpResponse.error();
        return answerAsUpstream({
          op,
          url: new URL(request.url),
          params,
          bodyText: await bodyTextOf(op, request),
          scenario,
          challenge: true,
        });
      },
    );
  });
}
