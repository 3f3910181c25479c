// A FleetSource for sweeper tests: orgs and statuses in memory, every call recorded with the
// (manual) clock's time, answers scriptable per call, and calls that can be held open.
import type { CheckError, FleetStatus } from '#contract/fleet-contract';
import type { Upstream } from '#contract/route-table';
import type { Clock } from '../fleet/clock';
import {
  NO_HINTS,
  type FleetSource,
  type OrgPage,
  type RateHints,
  type SourceAnswer,
} from '../fleet/source';
import type { SourceOrg } from '../store/fleet';

export interface FakeCall {
  kind: 'list' | 'status';
  /** Page number or org id. */
  target: string;
  at: number;
}

type Scripted = SourceAnswer<FleetStatus> | undefined;

/** Org ids for tests: 24 hex digits. */
export const orgIdOf = (n: number, prefix = 'a') => `${prefix}${n.toString(16).padStart(23, '0')}`;

export class FakeSource implements FleetSource {
  readonly calls: FakeCall[] = [];
  orgs: SourceOrg[] = [];
  readonly statuses = new Map<string, FleetStatus | CheckError>();
  inFlight = 0;
  maxInFlight = 0;
  /** Answer for one status call (return undefined for the normal answer). */
  script: ((orgId: string, callNo: number) => Scripted) | null = null;
  /** Rate hints sent with every normal answer. */
  rate: RateHints = NO_HINTS;
  /** Listing fails with this error. */
  listError: CheckError | null = null;
  private hold: Promise<void> | null = null;
  private releaseHold: (() => void) | null = null;
  private statusCalls = 0;

  constructor(
    private readonly clock: Clock,
    readonly upstream: Upstream = 'opsmanager',
    readonly pageSize = 500,
  ) {}

  /** `count` orgs named "Org 0001" …, all with `status`. */
  withOrgs(count: number, status: FleetStatus = 'SYNCED', prefix = 'a'): this {
    this.orgs = Array.from({ length: count }, (_, i) => ({
      id: orgIdOf(i, prefix),
      name: `Org ${String(i).padStart(4, '0')}`,
    }));
    for (const o of this.orgs) this.statuses.set(o.id, status);
    return this;
  }

  /** Status calls wait until `release()`. */
  holdCalls(): void {
    this.hold = new Promise((resolve) => {
      this.releaseHold = resolve;
    });
  }

  release(): void {
    this.releaseHold?.();
    this.hold = null;
  }

  statusCallsFor(orgId: string): FakeCall[] {
    return this.calls.filter((c) => c.kind === 'status' && c.target === orgId);
  }

  async listOrgs(pageNum: number): Promise<SourceAnswer<OrgPage>> {
    this.calls.push({ kind: 'list', target: String(pageNum), at: this.clock.now() });
    await Promise.resolve();
    if (this.listError) return { kind: 'failed', error: this.listError, rate: this.rate };
    const start = (pageNum - 1) * this.pageSize;
    return {
      kind: 'ok',
      value: { orgs: this.orgs.slice(start, start + this.pageSize), totalCount: this.orgs.length },
      rate: this.rate,
    };
  }

  async readLinkStatus(orgId: string): Promise<SourceAnswer<FleetStatus>> {
    const callNo = this.statusCalls++;
    this.calls.push({ kind: 'status', target: orgId, at: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Let other workers start their calls meanwhile (a real call takes time).
      await new Promise((r) => setImmediate(r));
      if (this.hold) await this.hold;
      const scripted = this.script?.(orgId, callNo);
      if (scripted) return scripted;
      const s = this.statuses.get(orgId) ?? 'NOT_LINKED';
      return typeof s === 'string'
        ? { kind: 'ok', value: s, rate: this.rate }
        : { kind: 'failed', error: s, rate: this.rate };
    } finally {
      this.inFlight--;
    }
  }
}
