import { Anchor, List, Paper, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { paths } from '@/config/paths';

/** The two sides of a live migration link, in the order the user does them by hand. */
export function LinkTokenFlow({ atlasOrgId }: { atlasOrgId: string | null }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" mb="xs">
        A live migration link joins a source organization (Ops Manager or Cloud Manager) to an Atlas
        organization (the destination).{' '}
        <Anchor
          component={Link}
          to={atlasOrgId ? paths.linkWith({ atlasOrg: atlasOrgId }) : paths.link}
          inherit
          underline="always"
        >
          Link an organization
        </Anchor>{' '}
        does both sides in one step without showing the link-token. By hand, this page is the Atlas
        side:
      </Text>
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>Choose the Atlas organization and generate a link-token.</List.Item>
        <List.Item>Copy the link-token: it is shown once and never stored.</List.Item>
        <List.Item>
          Open the source organization on the{' '}
          <Anchor component={Link} to={paths.orgs} inherit underline="always">
            Organizations
          </Anchor>{' '}
          page, choose <strong>Connect to Atlas</strong> and paste the link-token there.
        </List.Item>
      </List>
      <Text size="sm" mt="xs">
        Use one link-token per source organization; it then migrates that organization&apos;s
        deployments one at a time.
      </Text>
    </Paper>
  );
}
