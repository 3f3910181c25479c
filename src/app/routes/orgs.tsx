import { Title } from '@mantine/core';

// Placeholder until the page's feature lands.
export function Page() {
  return <Title order={1}>Organizations</Title>;
}
