// Where the poller reads a migration: `getMigration` on MongoDB Cloud through the proxy's own
// UpstreamClient (same connection pool, Digest/OAuth, versioned media type as viewers' calls).
// Tests pass fakes.
import type { CheckError } from '#contract/fleet-contract';
import { fillPath, routes } from '#contract/route-table';
import { liveMigrationSchema } from '#contract/schemas';
import { ProxyError } from '../errors';
import type { Clock } from '../fleet/clock';
import { parseRateHints, type SourceAnswer } from '../fleet/source';
import { errorOf } from '../fleet/upstream-source';
import type { MigrationResult } from '../store/live-migrations';
import type { UpstreamClient } from '../upstream-client';

export type MigrationState = Extract<MigrationResult, { status: unknown }>;

export interface MigrationSource {
  /** One migration of an Atlas project (the destination `groupId`). */
  getMigration(groupId: string, migrationId: string): Promise<SourceAnswer<MigrationState>>;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A migration answer in the registry's words. */
export function migrationStateOf(json: unknown): MigrationState | null {
  const parsed = liveMigrationSchema.safeParse(json);
  if (!parsed.success) return null;
  return {
    status: parsed.data.status,
    lagSeconds: parsed.data.lagTimeSeconds ?? null,
    readyForCutover: parsed.data.readyForCutover,
  };
}

export class UpstreamMigrationSource implements MigrationSource {
  constructor(
    private readonly client: UpstreamClient,
    private readonly clock: Clock,
  ) {}

  async getMigration(
    groupId: string,
    liveMigrationId: string,
  ): Promise<SourceAnswer<MigrationState>> {
    const path = fillPath(routes.getMigration, { groupId, liveMigrationId });
    let answer;
    try {
      answer = await this.client.call({ op: 'getMigration', method: 'GET', path });
    } catch (e) {
      const error: CheckError =
        e instanceof ProxyError
          ? { code: e.code, detail: e.detail.slice(0, 500), httpStatus: null }
          : { code: 'INTERNAL', detail: 'The check failed; see the server log.', httpStatus: null };
      return { kind: 'failed', error, rate: parseRateHints({}, this.clock.now()) };
    }
    const rate = parseRateHints(answer.headers, this.clock.now());
    if (answer.status === 429) return { kind: 'rate-limited', error: errorOf(answer), rate };
    if (answer.status === 200) {
      const state = migrationStateOf(parseJson(answer.body));
      if (state) return { kind: 'ok', value: state, rate };
      return {
        kind: 'failed',
        error: {
          code: 'UNEXPECTED_ANSWER',
          detail: "The upstream's answer to read a migration was not in the expected shape.",
          httpStatus: 200,
        },
        rate,
      };
    }
    return { kind: 'failed', error: errorOf(answer), rate };
  }
}
