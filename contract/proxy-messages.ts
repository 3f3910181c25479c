// The proxy's own words for the refusals and failures that its browser fakes (mocks/handlers/proxy.ts)
// give too, so the fakes say exactly what the proxy in server/ says (server/fake-proxy-parity.test.ts
// compares the two).
import { CSRF_HEADER, CSRF_VALUE } from './proxy-contract';

/** Where a request broke a rule, as the `Invalid <part>:` prefix says it. */
export type RequestPart = 'path' | 'query' | 'body' | 'request';

/** One broken rule of a schema: where (field path) and what (zod's message, never the value). */
export interface FieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `linkToken: must be …; name: …` — the field and the rule, never the value (a link-token stays out). */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems
    .map((p) => (p.path.length ? `${p.path.map(String).join('.')}: ${p.message}` : p.message))
    .join('; ');
}

export const PROXY_MESSAGES = {
  /** A mutation without the SPA's CSRF header. */
  csrfHeader: `Changes need the ${CSRF_HEADER}: ${CSRF_VALUE} header (sent by the dashboard).`,
  invalid: (part: RequestPart, detail: string) => `Invalid ${part}: ${detail}`,
  bodyNotJson: 'The request body is not valid JSON.',
  bodyEmpty: 'The request body is empty.',
  /** `at` is the upstream's URL where the proxy knows it (the browser fakes have none). */
  upstreamUnreachable: (label: string, reason: string, at?: string) =>
    `${label} could not be reached${at ? ` at ${at}` : ''} (${reason}).`,
  upstreamTimeout: (label: string, timeoutMs: number) =>
    `${label} did not answer within ${timeoutMs} ms.`,
  /** A change was sent and no answer came back: it may have been made. */
  outcomeUnknown: (label: string, what: string) =>
    `${label} ${what} after the change was sent, so it may or may not have been made. Outcome unknown — check the status before retrying.`,
  /** The upstream answered, but not as its API does (a redirect, an HTML page). */
  upstreamRedirect: (label: string, status: number, to: string) =>
    `${label} answered ${status} with a redirect${to ? ` to ${to}` : ''} instead of an API answer: the proxy does not follow redirects. Check the upstream's URL setting (https, path prefix) and whatever sits in front of it (a sign-in page, a load balancer).`,
  upstreamNotJson: (label: string, status: number, type: string) =>
    `${label} answered ${status} with ${type || 'a body of no declared type'} instead of JSON: something in front of it (a sign-in page, a load balancer or proxy) may have answered. Check the upstream's URL setting.`,
} as const;
