import '../later-page-styles';
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router-dom';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  const { pathname } = useLocation();
  usePageTitle('Page not found');
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>
        There is no page at <code>{pathname}</code>.
      </Text>
      <Anchor component={Link} to={paths.orgs}>
        Go to Organizations
      </Anchor>
    </Stack>
  );
}
