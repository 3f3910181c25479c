import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState } from './error-state';
import { PageLoader } from './page-loader';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** The loader's accessible name while the first answer is awaited. */
  loadingLabel?: string;
  /** Shown instead of the loader while the first answer is awaited (e.g. a skeleton). */
  placeholder?: ReactNode;
  /** What could not be loaded, e.g. "Could not load the Ops Manager organizations". */
  errorTitle: string;
  children: (data: T) => ReactNode;
}

/**
 * The ladder every section that needs one query repeats: a loader until the first answer, then the
 * error with "Try again", or the content made from the data.
 */
export function QueryState<T>(props: QueryStateProps<T>) {
  const { query } = props;
  if (query.isPending) return props.placeholder ?? <PageLoader label={props.loadingLabel} />;
  if (query.isError) {
    return (
      <ErrorState
        error={query.error}
        title={props.errorTitle}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return props.children(query.data);
}
