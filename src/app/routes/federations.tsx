import '../later-page-styles';
import { Stack, Text, Title } from '@mantine/core';
import { useRef } from 'react';
import { FederationGroups } from '@/features/federations/components/federation-groups';
import { FindFederationForm } from '@/features/federations/components/find-federation-form';
import { useFocusHeadingOnArrival } from '@/lib/arrival-focus';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  usePageTitle('Federations');
  // Sent here after deleting a federation (its page is gone): the focus starts at the top.
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusHeadingOnArrival(heading);
  return (
    <Stack gap="lg">
      <Title order={1} ref={heading} tabIndex={-1}>
        Federations
      </Title>
      <Text>
        The MongoDB Cloud organizations the API key can see, grouped by the federation each belongs
        to. Open a federation to see and remove its connected organizations, or to delete it once
        one is left.
      </Text>
      <FindFederationForm />
      <FederationGroups />
    </Stack>
  );
}
