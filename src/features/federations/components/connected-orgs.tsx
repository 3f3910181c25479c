import { Alert, Badge, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { orgQueries } from '@/api/queries/orgs';
import { usePermissions } from '@/api/queries/config';
import { federationQueries } from '@/api/queries/federations';
import type { ConnectedOrgConfig } from '#contract/schemas';
import { QueryState } from '@/components/query-state';
import { TypedConfirmModal } from '@/components/typed-confirm-modal';
import { useRemoveConnectedOrg, type RemoveTarget } from '../api/use-remove-connected-org';

const LAST_ORG_GUARD = 'A federation must keep at least one connected organization.';

interface ConnectedOrgsProps {
  federationId: string;
  /** The org the user looked the federation up by (`?org=`), marked in the table. */
  foundViaOrgId?: string | null;
}

/**
 * A federation's connected organizations (all pages), each removable with a typed confirmation by
 * users whose role allows it (removal stays disabled, with the reason, until the role is known).
 */
export function ConnectedOrgs({ federationId, foundViaOrgId }: ConnectedOrgsProps) {
  const connected = useQuery(federationQueries.connectedOrgs(federationId));
  // Asked at once, beside the connected orgs, so the table shows names from the start.
  const names = useOrgNames();
  return (
    <QueryState
      query={connected}
      loadingLabel="Loading connected organizations"
      errorTitle={`Could not load the connected organizations of federation ${federationId}`}
    >
      {(rows) => (
        <ConnectedOrgsTable
          federationId={federationId}
          foundViaOrgId={foundViaOrgId}
          rows={rows}
          names={names}
        />
      )}
    </QueryState>
  );
}

function ConnectedOrgsTable({
  federationId,
  foundViaOrgId,
  rows,
  names,
}: ConnectedOrgsProps & { rows: ConnectedOrgConfig[]; names: Map<string, string> }) {
  const { canMutate, reason } = usePermissions();
  const remove = useRemoveConnectedOrg(federationId);
  const [target, setTarget] = useState<RemoveTarget | null>(null);
  const lastOne = rows.length === 1;
  const close = () => {
    setTarget(null);
    remove.reset();
  };
  return (
    <Stack gap="sm">
      {!canMutate && reason && <Text size="sm">{reason}</Text>}
      <Text>
        {rows.length === 1
          ? '1 connected organization.'
          : `${rows.length} connected organizations.`}
      </Text>
      {lastOne && (
        <Alert color="blue" variant="light" id="last-org-guard">
          {LAST_ORG_GUARD} To remove this one, delete the federation in MongoDB Cloud instead.
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text>No organization is connected to this federation.</Text>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" horizontalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              <Table.Th>ID</Table.Th>
              <Table.Th>Domain restriction</Table.Th>
              <Table.Th>Allowed domains</Table.Th>
              <Table.Th>Identity provider</Table.Th>
              <Table.Th>Role mappings</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <ConnectedOrgRow
                key={row.orgId}
                row={row}
                name={names.get(row.orgId)}
                foundVia={row.orgId === foundViaOrgId}
                removeDisabled={!canMutate || lastOne}
                lastOne={lastOne}
                onRemove={setTarget}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <TypedConfirmModal
        key={target?.orgId ?? 'closed'}
        opened={target !== null}
        onClose={close}
        title={`Remove ${target?.label ?? ''} from the federation?`}
        consequence={
          <>
            <strong>{target?.label}</strong> leaves federation {federationId}. Its users no longer
            sign in through the federation&apos;s identity provider, and its domain restriction and
            role mappings for this federation are removed. The organization itself is not deleted.
          </>
        }
        expected={target?.orgId ?? ''}
        inputLabel="Organization ID"
        confirmLabel="Remove from federation"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (target) remove.mutate(target, { onSuccess: () => setTarget(null) });
        }}
      />
    </Stack>
  );
}

interface RowProps {
  row: ConnectedOrgConfig;
  name: string | undefined;
  foundVia: boolean;
  removeDisabled: boolean;
  lastOne: boolean;
  onRemove: (target: RemoveTarget) => void;
}

function ConnectedOrgRow({ row, name, foundVia, removeDisabled, lastOne, onRemove }: RowProps) {
  const label = name ?? row.orgId;
  const domains = row.domainAllowList ?? [];
  return (
    <Table.Tr>
      <Table.Td>
        {label}
        {foundVia && (
          <Badge ml="xs" size="sm" variant="light">
            Looked up
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text span ff="monospace" size="xs">
          {row.orgId}
        </Text>
      </Table.Td>
      <Table.Td>{row.domainRestrictionEnabled ? 'On' : 'Off'}</Table.Td>
      <Table.Td>{domains.length > 0 ? domains.join(', ') : 'None'}</Table.Td>
      <Table.Td>
        {row.identityProviderId ? (
          <Text span ff="monospace" size="xs">
            {row.identityProviderId}
          </Text>
        ) : (
          'None'
        )}
      </Table.Td>
      <Table.Td>{row.roleMappings?.length ?? 0}</Table.Td>
      <Table.Td>
        <Button
          size="xs"
          color="red"
          variant="light"
          disabled={removeDisabled}
          aria-describedby={lastOne ? 'last-org-guard' : undefined}
          onClick={() => onRemove({ orgId: row.orgId, label })}
        >
          {/* One inline span: the button's flex label would drop the spaces around the name. */}
          <span>
            Remove <VisuallyHidden>{label}</VisuallyHidden> from federation
          </span>
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Org ID → name from the Cloud org list; an org the key cannot list keeps its ID. */
function useOrgNames(): Map<string, string> {
  const list = useQuery({ ...orgQueries.cloud.list(), meta: { silentErrors: true } });
  return useMemo(() => new Map((list.data ?? []).map((o) => [o.id, o.name])), [list.data]);
}
