// A FleetSource over the proxy's own UpstreamClient: the same connection pool, Digest/OAuth and
// status cache as the viewers' requests, and the route table's paths. Ops Manager uses the
// defaults; the Cloud Manager source passes its own operation ids.
import type { CheckError, FleetStatus } from '#contract/fleet-contract';
import {
  fillPath,
  MAX_ITEMS_PER_PAGE,
  routes,
  SOURCE_OPS,
  SOURCE_UPSTREAMS,
  type OperationId,
  type Upstream,
} from '#contract/route-table';
import { linkStatusSchema, orgPageSchema, upstreamErrorSchema } from '#contract/schemas';
import { ProxyError } from '../errors';
import type { UpstreamAnswer, UpstreamClient } from '../upstream-client';
import type { Clock } from './clock';
import { parseRateHints, type FleetSource, type OrgPage, type SourceAnswer } from './source';

export interface UpstreamSourceOptions {
  /** The route table's operations for listing orgs and reading one link status. */
  listOp?: OperationId;
  statusOp?: OperationId;
  clock: Clock;
}

const DETAIL_MAX = 500;

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The upstream's error in the fleet's words: its errorCode, else HTTP_<status>; its detail. */
export function errorOf(answer: Pick<UpstreamAnswer, 'status' | 'headers' | 'body'>): CheckError {
  const parsed = upstreamErrorSchema.safeParse(parseJson(answer.body));
  const body = parsed.success ? parsed.data : null;
  const code = body?.errorCode ?? answer.headers['x-error-code'] ?? `HTTP_${answer.status}`;
  const detail = body?.detail ?? body?.reason ?? `The upstream answered HTTP ${answer.status}.`;
  return { code, detail: detail.slice(0, DETAIL_MAX), httpStatus: answer.status };
}

export class UpstreamFleetSource implements FleetSource {
  readonly upstream: Upstream;
  readonly pageSize = MAX_ITEMS_PER_PAGE;
  private readonly listOp: OperationId;
  private readonly statusOp: OperationId;

  constructor(
    private readonly client: UpstreamClient,
    private readonly options: UpstreamSourceOptions,
  ) {
    this.upstream = client.name;
    this.listOp = options.listOp ?? 'listOrgs';
    this.statusOp = options.statusOp ?? 'getLinkStatus';
  }

  async listOrgs(pageNum: number): Promise<SourceAnswer<OrgPage>> {
    const r = routes[this.listOp];
    const path = `${fillPath(r, {})}?pageNum=${pageNum}&itemsPerPage=${this.pageSize}`;
    return this.call(this.listOp, path, (answer) => {
      if (answer.status !== 200) return null;
      const page = orgPageSchema.safeParse(parseJson(answer.body));
      if (!page.success) return null;
      return {
        orgs: page.data.results
          .filter((o) => !o.isDeleted)
          .map((o) => ({ id: o.id, name: o.name })),
        totalCount: page.data.totalCount,
      };
    });
  }

  async readLinkStatus(orgId: string): Promise<SourceAnswer<FleetStatus>> {
    const path = fillPath(routes[this.statusOp], { orgId });
    return this.call(this.statusOp, path, (answer) => {
      if (answer.status === 404) return 'NOT_LINKED';
      if (answer.status !== 200) return null;
      const parsed = linkStatusSchema.safeParse(parseJson(answer.body));
      return parsed.success ? parsed.data.status : null;
    });
  }

  private async call<T>(
    op: OperationId,
    path: string,
    read: (answer: UpstreamAnswer) => T | null,
  ): Promise<SourceAnswer<T>> {
    let answer: UpstreamAnswer;
    try {
      answer = await this.client.call({ op, method: 'GET', path });
    } catch (e) {
      // The upstream did not answer (unreachable, timed out): the proxy's own error words.
      const error: CheckError =
        e instanceof ProxyError
          ? { code: e.code, detail: e.detail.slice(0, DETAIL_MAX), httpStatus: null }
          : { code: 'INTERNAL', detail: 'The check failed; see the server log.', httpStatus: null };
      return { kind: 'failed', error, rate: parseRateHints({}, this.options.clock.now()) };
    }
    const rate = parseRateHints(answer.headers, this.options.clock.now());
    if (answer.status === 429) return { kind: 'rate-limited', error: errorOf(answer), rate };
    const value = read(answer);
    if (value !== null) return { kind: 'ok', value, rate };
    const error =
      answer.status >= 200 && answer.status < 300
        ? {
            code: 'UNEXPECTED_ANSWER',
            detail: `The upstream's answer to ${routes[op].summary} was not in the expected shape.`,
            httpStatus: answer.status,
          }
        : errorOf(answer);
    return { kind: 'failed', error, rate };
  }
}

/** One fleet source per configured source upstream (Ops Manager, Cloud Manager), by SOURCE_OPS. */
export function fleetSources(
  clients: Partial<Record<Upstream, UpstreamClient | null>>,
  clock: Clock,
): FleetSource[] {
  const out: FleetSource[] = [];
  for (const upstream of SOURCE_UPSTREAMS) {
    const client = clients[upstream];
    const ops = SOURCE_OPS[upstream];
    if (client) {
      out.push(
        new UpstreamFleetSource(client, { clock, listOp: ops.listOrgs, statusOp: ops.status }),
      );
    }
  }
  return out;
}
