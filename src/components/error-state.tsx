import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { errorAdvice, errorTitle, isApiError, type ApiError } from '@/api/api-error';
import { configQueries } from '@/api/queries/config';
import { useNow } from '@/lib/relative-time';
import { MIGRATION_BLOCKS_LINK_CODE } from '#contract/upstream-answers';

// Only on a refused link removal: kept out of the first route's bundle.
const ActiveMigrationNotice = lazy(() => import('./active-migration-notice'));

interface ErrorStateProps {
  error: unknown;
  /** What the user was trying to see or do, e.g. "Could not load organizations". */
  title?: string;
  onRetry?: () => void;
  /**
   * After a 429 with Retry-After, count down and retry by itself (default). Off where something
   * else already retries on that schedule (link status polling).
   */
  autoRetry?: boolean;
  /** What to do, where the action knows better than the general advice for this status. */
  advice?: string | undefined;
}

/**
 * Says what failed, who failed (upstream, proxy, network) and what the user can do. A 429 with
 * `Retry-After` and a retry to call counts down and tries again by itself.
 */
export function ErrorState({
  error,
  title,
  onRetry,
  autoRetry = true,
  advice: givenAdvice,
}: ErrorStateProps) {
  const api = isApiError(error) ? error : null;
  const publicKey = usePublicKeyOf(api);
  const detail = api ? api.detail : error instanceof Error ? error.message : String(error);
  const advice = givenAdvice ?? (api ? errorAdvice(api, { publicKey }) : null);
  const countDown = autoRetry && onRetry && api?.status === 429 && api.retryAfter !== undefined;
  // "Wait 3 seconds, then try again" is what the countdown does by itself.
  const shownAdvice = advice && !countDown && !sameWords(advice, detail) ? advice : null;
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? (api ? errorTitle(api) : 'Error')}
      role="alert"
    >
      <Stack gap={6}>
        {title && api && (
          <Text size="sm" fw={500}>
            {errorTitle(api)}
          </Text>
        )}
        <Text size="sm">{detail}</Text>
        {api?.errorCode === MIGRATION_BLOCKS_LINK_CODE && (
          <Suspense fallback={null}>
            <ActiveMigrationNotice detail={detail} />
          </Suspense>
        )}
        {/* The advice adds what to do; said once even when the upstream's detail says it too. */}
        {shownAdvice && <Text size="sm">{shownAdvice}</Text>}
        {api?.errorCode && (
          <Text size="xs" c="dimmed">
            Code: {api.errorCode}
          </Text>
        )}
        {countDown && <RetryCountdown error={api} onRetry={onRetry} />}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** The public part of the proxy's key for an upstream that refused it (401, 403), from /api/config. */
function usePublicKeyOf(error: ApiError | null): string | null {
  const keyError = error?.source === 'upstream' && (error.status === 401 || error.status === 403);
  const { data } = useQuery({ ...configQueries.config(), enabled: keyError });
  if (!keyError || !error.upstreamId) return null;
  return data?.upstreams.find((u) => u.name === error.upstreamId)?.publicKey ?? null;
}

function sameWords(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return norm(b).includes(norm(a));
}

/** "Trying again in 3 s…", then one retry; a new failure (a new error) starts a new count. */
function RetryCountdown({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const until = error.receivedAt + (error.retryAfter ?? 0) * 1000;
  const now = useNow(1_000);
  const retried = useRef<ApiError | null>(null);
  useEffect(() => {
    if (retried.current === error) return;
    const id = window.setTimeout(
      () => {
        retried.current = error;
        onRetry();
      },
      Math.max(0, until - Date.now()),
    );
    return () => window.clearTimeout(id);
  }, [error, until, onRetry]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <Text size="sm" role="status">
      {left > 0 ? `Rate limited: trying again in ${left} s…` : 'Trying again…'}
    </Text>
  );
}
