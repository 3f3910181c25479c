import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { orgQueries } from '@/api/queries/orgs';
import { usePermissions } from '@/api/queries/config';
import { ShowApiCall } from '@/components/show-api-call';
import { parseAccessList } from '@/lib/access-list';
import { refocusIfLost } from '@/lib/focus';
import { notify } from '@/lib/notify';
import { UPSTREAM_LABELS, type SourceUpstream } from '#contract/route-table';
import { useLinkOrg } from '../api/use-link-org';
import { useSourceLinkState } from '../hooks/use-source-link-state';
import { linkApiSteps } from '../lib/link-steps';
import { AtlasOrgSelect } from './atlas-org-select';
import { LinkFailurePanel } from './link-failure-panel';
import type { LinkedOrg } from './link-org-page';
import { SourceOrgSelect } from './source-org-select';
import { SourceStatusNote } from './source-status-note';

interface LinkFormProps {
  source: { upstream: SourceUpstream; orgId: string } | null;
  atlasOrgId: string | null;
  onSource: (v: { upstream: SourceUpstream; orgId: string } | null) => void;
  onAtlas: (id: string | null) => void;
  linked: LinkedOrg | null;
  onLinked: (linked: LinkedOrg) => void;
}

/** The names of the chosen orgs from the lists already loaded (the ID when not listed). */
function useNames(source: LinkFormProps['source'], atlasOrgId: string | null) {
  const sourceList = useQuery({
    ...orgQueries[source?.upstream ?? 'opsmanager'].list(),
    enabled: source !== null,
  });
  const atlasList = useQuery(orgQueries.cloud.list());
  return {
    sourceName: source
      ? (sourceList.data?.find((o) => o.id === source.orgId)?.name ?? source.orgId)
      : '',
    atlasName: atlasOrgId
      ? (atlasList.data?.find((o) => o.id === atlasOrgId)?.name ?? atlasOrgId)
      : '',
  };
}

export function LinkForm({
  source,
  atlasOrgId,
  onSource,
  onAtlas,
  linked,
  onLinked,
}: LinkFormProps) {
  const { canMutate, reason } = usePermissions();
  const link = useLinkOrg();
  const [ips, setIps] = useState('');
  const [ipErrors, setIpErrors] = useState<string[]>([]);
  const [missing, setMissing] = useState<{ source?: string; atlas?: string }>({});
  const submitRef = useRef<HTMLButtonElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const { sourceName, atlasName } = useNames(source, atlasOrgId);
  const linkState = useSourceLinkState(source, linked !== null);
  // A failure's story takes the focus, so a screen reader reads it and the keyboard is there.
  useEffect(() => {
    if (link.isError) failureRef.current?.focus();
  }, [link.isError, link.failureCount]);

  const accessListIps = parseAccessList(ips).entries;
  const blocked = linkState.blocksLinking;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (link.isPending) return;
    const parsed = parseAccessList(ips);
    const want = {
      ...(source ? {} : { source: 'Choose the source organization to link.' }),
      ...(atlasOrgId ? {} : { atlas: 'Choose the Atlas organization to link it to.' }),
    };
    setMissing(want);
    setIpErrors(parsed.errors);
    // Nothing is sent until every field is right; what was typed stays for correcting.
    if (!source || !atlasOrgId || parsed.errors.length > 0 || blocked) return;
    link.mutate(
      {
        source: source.upstream,
        sourceOrgId: source.orgId,
        atlasOrgId,
        ...(parsed.entries.length > 0 ? { accessListIps: parsed.entries } : {}),
      },
      {
        onSuccess: (result) => {
          notify({
            color: 'teal',
            title: 'Organization linked',
            message: `${sourceName} is connected to ${atlasName}. Watching it until it syncs.`,
          });
          onLinked({
            result,
            sourceName,
            atlasName,
            accessListIps: parsed.entries,
            linkedAt: Date.now(),
          });
        },
        onError: () => refocusIfLost(submitRef.current),
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Link an organization">
      <Stack gap="md">
        <SourceOrgSelect
          value={source}
          onChange={(v) => {
            onSource(v);
            setMissing((m) => ({ ...m, source: undefined }));
            link.reset();
          }}
          // Shown only while still missing (a choice made since clears it whatever the order).
          error={source ? null : missing.source}
        />
        {source && !linked && <SourceStatusNote source={source} state={linkState} />}
        <AtlasOrgSelect
          value={atlasOrgId}
          onChange={(v) => {
            onAtlas(v);
            setMissing((m) => ({ ...m, atlas: undefined }));
            link.reset();
          }}
          error={atlasOrgId ? null : missing.atlas}
        />
        <Textarea
          label="Access list IPs"
          description="Optional. IPv4 or IPv6 addresses or CIDR blocks allowed to use the link-token, separated by commas or new lines. Leave empty for no access list."
          placeholder={'203.0.113.7\n198.51.100.0/24'}
          value={ips}
          onChange={(e) => {
            setIps(e.currentTarget.value);
            if (ipErrors.length > 0) setIpErrors([]);
          }}
          error={
            ipErrors.length > 0 &&
            ipErrors.map((m) => (
              <span key={m} style={{ display: 'block' }}>
                {m}
              </span>
            ))
          }
          rows={2}
          resize="vertical"
          spellCheck={false}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap="sm" align="center">
          <Button
            ref={submitRef}
            type="submit"
            loading={link.isPending}
            disabled={!canMutate || blocked || linked !== null}
          >
            Generate and connect
          </Button>
          {link.isPending && (
            <Text size="sm" role="status">
              Generating a link-token in Atlas and connecting {sourceName}…
            </Text>
          )}
        </Group>
        {!canMutate && reason && <Text size="sm">{reason}</Text>}
        {canMutate && blocked && linkState.why && <Text size="sm">{linkState.why}</Text>}
        {source && atlasOrgId ? (
          <ShowApiCall
            steps={linkApiSteps(source.upstream, source.orgId, atlasOrgId, accessListIps)}
          />
        ) : (
          <Text size="sm">
            Choose both organizations to see the two API calls this makes (MongoDB Cloud, then{' '}
            {source ? UPSTREAM_LABELS[source.upstream] : 'the source product'}).
          </Text>
        )}
        {link.isError && (
          <div ref={failureRef} tabIndex={-1} style={{ outline: 'none' }}>
            <LinkFailurePanel error={link.error} sourceName={sourceName} atlasName={atlasName} />
          </div>
        )}
      </Stack>
    </form>
  );
}
