import '../later-page-styles';
import { Alert, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { orgQueries } from '@/api/queries/orgs';
import { OBJECT_ID_HINT, OBJECT_ID_PATTERN } from '#contract/schemas';
import { AtlasOrgPicker } from '@/features/link-tokens/components/atlas-org-picker';
import { LinkTokenActions } from '@/features/link-tokens/components/link-token-actions';
import { LinkTokenFlow } from '@/features/link-tokens/components/link-token-flow';
import { useAddressParams } from '@/lib/address-params';
import { usePageTitle } from '@/lib/page-title';

// The chosen Atlas org lives in the URL (?org=); the link-token itself never does.
export function Page() {
  const [params, setParams] = useAddressParams();
  const orgId = params.get('org') ?? '';
  const orgs = useQuery(orgQueries.cloud.list());
  const chosen = orgs.data?.find((o) => o.id === orgId);
  usePageTitle('Link-tokens', chosen?.name ?? (orgId && OBJECT_ID_PATTERN.test(orgId) && orgId));
  const choose = (id: string | null) =>
    setParams((next) => {
      if (id) next.set('org', id);
      else next.delete('org');
    });
  return (
    <Stack gap="lg" maw={960}>
      <Title order={1}>Link-tokens</Title>
      <LinkTokenFlow atlasOrgId={OBJECT_ID_PATTERN.test(orgId) ? orgId : null} />
      <AtlasOrgPicker value={orgId} onChange={choose} />
      {orgId === '' ? null : OBJECT_ID_PATTERN.test(orgId) ? (
        <LinkTokenActions key={orgId} orgId={orgId} />
      ) : (
        <Alert color="red" variant="light" title="The organization ID in the address is not valid">
          {OBJECT_ID_HINT} Choose an organization above.
        </Alert>
      )}
    </Stack>
  );
}
