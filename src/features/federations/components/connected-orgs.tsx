import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { usePermissions } from '@/api/queries/config';
import { federationQueries } from '@/api/queries/federations';
import type { ConnectedOrgConfig, IdentityProvider } from '#contract/schemas';
import { IdWithCopy } from '@/components/copy-id';
import { QueryState } from '@/components/query-state';
import { ShowApiCall } from '@/components/show-api-call';
import { TypedConfirmModal } from '@/components/typed-confirm-modal';
import { focusFirstAvailable } from '@/lib/focus';
import { useOrgNames } from '../api/use-org-names';
import { useRemoveConnectedOrg, type RemoveTarget } from '../api/use-remove-connected-org';
import { providersById } from '../lib/identity-providers';
import { federationLabel } from '../lib/federation-label';
import { CONNECTED_COUNT_ATTR } from '../lib/focus-targets';
import classes from './connected-orgs.module.css';

const LAST_ORG_GUARD = 'A federation must keep at least one connected organization.';
/** Below this width the orgs are cards, not table rows: the page never gets wider than the screen. */
const NARROW = '(max-width: 74.99em)';

interface ConnectedOrgsProps {
  federationId: string;
  /** The federation's name (federationLabel), for the dialog and messages. */
  label?: string | undefined;
  /** The org the user looked the federation up by (`?org=`), marked in the list. */
  foundViaOrgId?: string | null;
}

/**
 * A federation's connected organizations (all pages), each removable with a typed confirmation by
 * users whose role allows it (removal stays disabled, with the reason, until the role is known).
 */
export function ConnectedOrgs({ federationId, label, foundViaOrgId }: ConnectedOrgsProps) {
  const connected = useQuery(federationQueries.connectedOrgs(federationId));
  // Asked at once, beside the connected orgs, so the list shows names from the start.
  const names = useOrgNames();
  // The identity providers by ID, to name the one each org uses (the page asks for them anyway).
  const providers = useQuery({
    ...federationQueries.identityProviders(federationId),
    meta: { silentErrors: true },
  });
  const byId = useMemo(() => providersById(providers.data), [providers.data]);
  return (
    <QueryState
      query={connected}
      loadingLabel="Loading connected organizations"
      errorTitle={`Could not load the connected organizations of federation ${federationId}`}
    >
      {(rows) => (
        <ConnectedOrgsList
          federationId={federationId}
          label={label ?? federationLabel({ id: federationId })}
          foundViaOrgId={foundViaOrgId}
          rows={rows}
          names={names}
          providers={byId}
        />
      )}
    </QueryState>
  );
}

/** One connected org as the list shows it. */
interface Row {
  config: ConnectedOrgConfig;
  /** Its name, or its ID when the key cannot list it. */
  label: string;
  name: string | undefined;
  /** The identity provider it uses, when the federation's list names it. */
  provider: IdentityProvider | undefined;
  foundVia: boolean;
}

/** A fact of a connected org: a table column, or a line of its card. */
interface Field {
  label: string;
  value: (row: Row) => ReactNode;
}

const FIELDS: readonly Field[] = [
  {
    label: 'ID',
    value: (r) => <IdWithCopy id={r.config.orgId} of={r.label} size="xs" />,
  },
  {
    label: 'Domain restriction',
    value: (r) => (r.config.domainRestrictionEnabled ? 'On' : 'Off'),
  },
  {
    label: 'Allowed domains',
    value: (r) => {
      const domains = r.config.domainAllowList ?? [];
      return domains.length > 0 ? domains.join(', ') : 'None';
    },
  },
  {
    label: 'Identity provider',
    value: (r) => {
      const id = r.config.identityProviderId;
      if (!id) return 'None';
      if (!r.provider) return <span className={classes.mono}>{id}</span>;
      // Its name first; the ID it is known by beside, copyable.
      return (
        <span className={classes.provider}>
          <span>{r.provider.displayName}</span>
          <IdWithCopy id={id} of={r.provider.displayName} size="xs" />
        </span>
      );
    },
  },
  { label: 'Role mappings', value: (r) => String(r.config.roleMappings?.length ?? 0) },
];

interface ConnectedOrgsListProps {
  federationId: string;
  label: string;
  foundViaOrgId?: string | null | undefined;
  rows: ConnectedOrgConfig[];
  names: Map<string, string>;
  providers: Map<string, IdentityProvider>;
}

function ConnectedOrgsList({
  federationId,
  label: federation,
  foundViaOrgId,
  rows: configs,
  names,
  providers,
}: ConnectedOrgsListProps) {
  const { canMutate, reason } = usePermissions();
  const remove = useRemoveConnectedOrg(federationId, federation);
  const narrow = useMediaQuery(NARROW, false, { getInitialValueInEffect: false });
  // The dialog's org stays set while it closes (its exit transition); `open` says if it is open.
  const [target, setTarget] = useState<(RemoveTarget & { name?: string }) | null>(null);
  const [open, setOpen] = useState(false);
  // A fresh dialog (and typed text) each time one opens.
  const [openCount, setOpenCount] = useState(0);
  const lastOne = configs.length === 1;
  const rows: Row[] = configs.map((config) => {
    const name = names.get(config.orgId);
    const provider = config.identityProviderId
      ? providers.get(config.identityProviderId)
      : undefined;
    return {
      config,
      name,
      label: name ?? config.orgId,
      provider,
      foundVia: config.orgId === foundViaOrgId,
    };
  });
  // Focus after the dialog: its row's button, else the row now in its place, the one before, or
  // the count (when the row is gone and no button is left enabled). Read from the page as it is
  // when the dialog has gone, after the list has been refetched.
  const listRef = useRef<HTMLDivElement>(null);
  const countRef = useRef<HTMLParagraphElement>(null);
  const lastTarget = useRef<{ orgId: string; index: number } | null>(null);
  const focusAfterClose = () => {
    const t = lastTarget.current;
    const find = (selector: string) => listRef.current?.querySelector<HTMLElement>(selector);
    focusFirstAvailable([
      t && find(`[data-remove-org="${t.orgId}"]`),
      t && find(`[data-remove-index="${t.index}"]`),
      t && find(`[data-remove-index="${t.index - 1}"]`),
      countRef.current,
    ]);
  };
  const close = () => {
    setOpen(false);
    remove.reset();
  };
  const removeButton = (row: Row, index: number) => (
    <RemoveButton
      row={row}
      disabled={!canMutate || lastOne}
      lastOne={lastOne}
      index={index}
      onRemove={() => {
        lastTarget.current = { orgId: row.config.orgId, index };
        setTarget({ orgId: row.config.orgId, label: row.label, name: row.name });
        setOpenCount((n) => n + 1);
        setOpen(true);
      }}
    />
  );
  return (
    <Stack gap="sm" ref={listRef}>
      {!canMutate && reason && <Text size="sm">{reason}</Text>}
      <Text ref={countRef} tabIndex={-1} {...{ [CONNECTED_COUNT_ATTR]: true }}>
        {rows.length === 1
          ? '1 connected organization.'
          : `${rows.length} connected organizations.`}
      </Text>
      {lastOne && (
        <Alert color="blue" variant="light" id="last-org-guard">
          {LAST_ORG_GUARD} To remove this one, delete the whole federation instead (Delete
          federation, at the top of the page).
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text>No organization is connected to this federation.</Text>
      ) : narrow ? (
        <ul className={classes.cards} aria-label="Connected organizations">
          {rows.map((row, i) => (
            <li key={row.config.orgId}>
              <Card withBorder padding="sm" h="100%">
                <Stack gap="xs">
                  <OrgName row={row} />
                  <dl className={classes.facts}>
                    {FIELDS.map((f) => (
                      <FieldLine key={f.label} label={f.label} value={f.value(row)} />
                    ))}
                  </dl>
                  <Group>{removeButton(row, i)}</Group>
                </Stack>
              </Card>
            </li>
          ))}
        </ul>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" horizontalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              {FIELDS.map((f) => (
                <Table.Th key={f.label}>{f.label}</Table.Th>
              ))}
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={row.config.orgId}>
                <Table.Td>
                  <OrgName row={row} />
                </Table.Td>
                {FIELDS.map((f) => (
                  <Table.Td key={f.label}>{f.value(row)}</Table.Td>
                ))}
                <Table.Td>{removeButton(row, i)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <TypedConfirmModal
        key={openCount}
        opened={open}
        onClose={close}
        onClosed={focusAfterClose}
        title={`Remove ${target?.label ?? ''} from the federation?`}
        consequence={
          <>
            <strong>{target?.label}</strong> leaves the federation {federation}. Its users no longer
            sign in through the federation&apos;s identity provider, and its domain restriction and
            role mappings for this federation are removed. The organization itself is not deleted.
          </>
        }
        id={target?.orgId ?? ''}
        name={target?.name}
        noun="organization"
        confirmLabel="Remove from federation"
        pending={remove.isPending}
        error={remove.error}
        footer={
          target && (
            <ShowApiCall
              op="removeConnectedOrg"
              input={{ params: { federationId, orgId: target.orgId } }}
            />
          )
        }
        onConfirm={() => {
          if (target) remove.mutate(target, { onSuccess: () => setOpen(false) });
        }}
      />
    </Stack>
  );
}

function OrgName({ row }: { row: Row }) {
  return (
    <Text span fw={500} style={{ overflowWrap: 'anywhere' }}>
      {row.label}
      {row.foundVia && (
        <Badge ml="xs" size="sm" variant="light">
          Looked up
        </Badge>
      )}
    </Text>
  );
}

function FieldLine({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

interface RemoveButtonProps {
  row: Row;
  disabled: boolean;
  lastOne: boolean;
  index: number;
  onRemove: () => void;
}

function RemoveButton({ row, disabled, lastOne, index, onRemove }: RemoveButtonProps) {
  return (
    <Button
      data-remove-org={row.config.orgId}
      data-remove-index={index}
      size="xs"
      color="red"
      variant="light"
      disabled={disabled}
      aria-describedby={lastOne ? 'last-org-guard' : undefined}
      onClick={onRemove}
    >
      {/* One inline span: the button's flex label would drop the spaces around the name. */}
      <span>
        Remove <VisuallyHidden>{row.label}</VisuallyHidden> from federation
      </span>
    </Button>
  );
}
