import { Button, List, Stack, Text } from '@mantine/core';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorTitle, isApiError } from '@/api/api-error';
import { usePermissions } from '@/api/queries/config';
import { federationQueries } from '@/api/queries/federations';
import type { FederationSettings, IdentityProvider } from '#contract/schemas';
import { ShowApiCall } from '@/components/show-api-call';
import { TypedConfirmModal } from '@/components/typed-confirm-modal';
import { paths } from '@/config/paths';
import { FOCUS_HEADING } from '@/lib/arrival-focus';
import { focusFirstAvailable } from '@/lib/focus';
import { useDeleteFederation } from '../api/use-delete-federation';
import { useOrgNames } from '../api/use-org-names';
import { deleteFederationRefusal } from '../lib/delete-federation-refusal';
import {
  federatedDomainsText,
  federationName,
  type FederationNaming,
} from '../lib/federation-label';
import { CONNECTED_COUNT_ATTR } from '../lib/focus-targets';
import { identityProviderFacts } from '../lib/identity-providers';

interface DeleteFederationProps {
  federationId: string;
  naming: FederationNaming;
  label: string;
  settings: FederationSettings | undefined;
  providers: UseQueryResult<IdentityProvider[]>;
}

/**
 * Delete federation: offered when one org (or none) is left connected — the API refuses while
 * more are — to users whose role allows it (disabled, with the reason, for others). A typed
 * confirmation that spells out what goes; afterwards, the Federations list with its heading
 * focused (this page is gone).
 */
export function DeleteFederation(props: DeleteFederationProps) {
  const { federationId, naming, label } = props;
  const connected = useQuery(federationQueries.connectedOrgs(federationId));
  const names = useOrgNames();
  const { canMutate, reason } = usePermissions();
  const remove = useDeleteFederation(federationId);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // A fresh dialog (and typed text) each time one opens.
  const [openCount, setOpenCount] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const reasonId = useId();

  const orgs = connected.data;
  // Rendered while the dialog is open even when no longer deletable (a refusal shows the orgs
  // connected meanwhile): the dialog keeps its error until closed.
  const deletable = orgs !== undefined && orgs.length <= 1;
  const org = orgs?.[0];
  const orgLabel = org ? (names.get(org.orgId) ?? org.orgId) : null;

  const close = () => {
    setOpen(false);
    remove.reset();
  };
  const focusAfterClose = () =>
    focusFirstAvailable([
      buttonRef.current,
      document.querySelector<HTMLElement>(`[${CONNECTED_COUNT_ATTR}]`),
      document.querySelector<HTMLElement>('h1'),
    ]);

  return (
    <>
      {deletable && (
        <Stack gap={4} align="flex-end" maw="100%">
          <Button
            ref={buttonRef}
            color="red"
            variant="light"
            disabled={!canMutate}
            aria-describedby={!canMutate && reason ? reasonId : undefined}
            onClick={() => {
              setOpenCount((n) => n + 1);
              setOpen(true);
            }}
          >
            Delete federation
          </Button>
          {!canMutate && reason && (
            <Text id={reasonId} size="xs" ta="right">
              {reason}
            </Text>
          )}
        </Stack>
      )}
      <TypedConfirmModal
        key={openCount}
        opened={open}
        onClose={close}
        onClosed={focusAfterClose}
        title={`Delete federation ${label}?`}
        consequence={<WhatGoes {...props} orgLabel={orgLabel} />}
        id={federationId}
        name={federationName(naming)}
        noun="federation"
        confirmLabel="Delete federation"
        pending={remove.isPending}
        error={remove.error}
        explainError={(e) => deleteFederationRefusal(e, orgLabel)}
        footer={<ShowApiCall op="deleteFederation" input={{ params: { federationId } }} />}
        onConfirm={() =>
          remove.mutate(
            { label, orgIds: (orgs ?? []).map((o) => o.orgId), orgLabel },
            {
              // This page is gone: the list, its heading focused; Back skips the dead page.
              onSuccess: () =>
                void navigate(paths.federations, { replace: true, state: FOCUS_HEADING }),
            },
          )
        }
      />
    </>
  );
}

/** Everything the deletion takes with it, by name. */
function WhatGoes(props: DeleteFederationProps & { orgLabel: string | null }) {
  const { label, settings, providers, orgLabel } = props;
  const providerNames =
    providers.data && providers.data.length > 0
      ? providers.data.map((p) => p.displayName).join(', ')
      : null;
  return (
    <Stack gap="xs">
      <Text size="sm">
        This deletes the federation <strong>{label}</strong> in MongoDB Cloud, with:
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>
          its identity providers: <ProvidersInWords providers={providers} />
        </List.Item>
        <List.Item>
          its federated domains: {settings ? federatedDomainsText(settings) : 'not known'}
        </List.Item>
        {orgLabel && (
          <List.Item>
            its connection to <strong>{orgLabel}</strong>, which loses federated sign-in: its users
            can no longer sign in through {providerNames ?? 'the federation'}, and its role mappings
            are deleted. The organization itself stays.
          </List.Item>
        )}
      </List>
      <Text size="sm">
        MongoDB Cloud cannot undo this: to federate again, the identity providers must be set up and
        the domains verified anew.
      </Text>
    </Stack>
  );
}

function ProvidersInWords({ providers }: { providers: UseQueryResult<IdentityProvider[]> }) {
  if (providers.isPending) return <>still being read…</>;
  if (providers.isError) {
    const e = providers.error;
    return <>could not be read ({isApiError(e) ? errorTitle(e) : String(e)}), all of them</>;
  }
  if (providers.data.length === 0) return <>none</>;
  return (
    <>
      {providers.data.map((p, i) => (
        <span key={p.id}>
          {i > 0 && ', '}
          <strong>{p.displayName}</strong> ({identityProviderFacts(p)})
        </span>
      ))}
    </>
  );
}
