import { Box, Button, Loader } from '@mantine/core';
import { lazy, Suspense, useId, useState } from 'react';
import type { ApiCallInput } from '@/api/api-call';
import type { OperationId } from '#contract/route-table';

// The commands are built and shown only when asked for: the code stays out of every page's chunk.
const ApiCallPanel = lazy(() => import('./api-call-panel'));

/** One call of an action that makes several (e.g. Generate and connect), with what it does. */
export interface ApiCallStep {
  op: OperationId;
  input: ApiCallInput;
  /** What this call does, in the order the reader makes them. */
  title: string;
}

type ShowApiCallProps =
  { op: OperationId; input: ApiCallInput } | { steps: readonly ApiCallStep[] };

/**
 * "Show API call": a disclosure with the equivalent curl request and CLI command, copyable; for an
 * action of several calls (`steps`), each of them in order.
 */
export function ShowApiCall(props: ShowApiCallProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <Box>
      <Button
        variant="subtle"
        size="compact-sm"
        px={4}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        rightSection={<span aria-hidden="true">{open ? '▴' : '▾'}</span>}
      >
        Show API call
      </Button>
      <Box id={id} hidden={!open} mt={open ? 'xs' : 0}>
        {open && (
          <Suspense fallback={<Loader size="xs" aria-label="Loading the API call" />}>
            <ApiCallPanel {...props} />
          </Suspense>
        )}
      </Box>
    </Box>
  );
}
