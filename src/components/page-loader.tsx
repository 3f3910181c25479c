import { Center, Loader } from '@mantine/core';

/** A spinner announced as a status; the label sits on the status region (a bare span may not carry one). */
export function PageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center mih={200} role="status" aria-label={label}>
      <Loader />
    </Center>
  );
}
