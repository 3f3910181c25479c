// Start migration: where from (a linked source org's project and deployment, offered by
// availableProjects on the Atlas org), where to (Atlas project and cluster), how (migration host,
// connection type, TLS, credentials, Drop destination data). Validate first; Start migration only
// after a SUCCESS validation of exactly this request — any change to the form needs a new one (the
// server checks the same). A failure keeps everything typed; the password lives in this form only.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { SOURCE_UPSTREAMS, isSourceUpstream, type SourceUpstream } from '#contract/route-table';
import {
  HOSTNAME_SCHEMA_TYPES,
  OBJECT_ID_PATTERN,
  type LiveMigrationRequest,
} from '#contract/schemas';
import { usePermissions } from '@/api/queries/config';
import { migrationPlanQueries } from '@/api/queries/live-migrations';
import { orgLabel, orgQueries } from '@/api/queries/orgs';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { paths } from '@/config/paths';
import { focusFirstAvailable } from '@/lib/focus';
import { notify } from '@/lib/notify';
import { useStartMigration } from '../api/use-start-migration';
import { useValidateMigration } from '../api/use-validate-migration';
import { SOURCE_LABELS } from '../lib/format';
import { DeploymentPicker } from './deployment-picker';
import { DropDataConfirm } from './drop-data-confirm';
import { ValidationStatus } from './validation-status';

const CONNECTION_LABELS: Record<(typeof HOSTNAME_SCHEMA_TYPES)[number], string> = {
  PUBLIC: 'Public internet',
  PRIVATE_LINK: 'Private endpoint (PrivateLink)',
  VPC_PEERING: 'VPC / network peering',
};

export interface StartMigrationPrefill {
  source: string | null;
  org: string | null;
  atlasOrg: string | null;
}

interface FormState {
  source: SourceUpstream;
  sourceOrgId: string;
  atlasOrgId: string;
  projectId: string;
  deployment: string;
  migrationHost: string;
  atlasProjectId: string;
  cluster: string;
  hostnameSchemaType: (typeof HOSTNAME_SCHEMA_TYPES)[number];
  privateLinkId: string;
  ssl: boolean;
  caCertificatePath: string;
  managedAuthentication: boolean;
  username: string;
  password: string;
  dropDestinationData: boolean;
}

const id = (v: string) => (OBJECT_ID_PATTERN.test(v.trim()) ? v.trim() : '');

/** The request the form describes, or null while something needed is missing. */
function requestOf(f: FormState): LiveMigrationRequest | null {
  if (
    !id(f.projectId) ||
    !f.deployment ||
    !f.migrationHost ||
    !id(f.atlasProjectId) ||
    !f.cluster
  ) {
    return null;
  }
  return {
    source: {
      clusterName: f.deployment,
      groupId: f.projectId,
      managedAuthentication: f.managedAuthentication,
      ssl: f.ssl,
      ...(f.managedAuthentication ? {} : { username: f.username, password: f.password }),
      ...(f.ssl && f.caCertificatePath.trim()
        ? { caCertificatePath: f.caCertificatePath.trim() }
        : {}),
    },
    destination: {
      clusterName: f.cluster,
      groupId: f.atlasProjectId,
      hostnameSchemaType: f.hostnameSchemaType,
      ...(f.hostnameSchemaType === 'PRIVATE_LINK' && f.privateLinkId.trim()
        ? { privateLinkId: f.privateLinkId.trim() }
        : {}),
    },
    migrationHosts: [f.migrationHost],
    dropDestinationData: f.dropDestinationData,
  };
}

/** The request as Show API call may show it: the password is a placeholder there. */
function withoutPassword(r: LiveMigrationRequest | null): LiveMigrationRequest | undefined {
  if (!r) return undefined;
  const { password: _password, ...source } = r.source;
  return { ...r, source };
}

export function StartMigrationForm({ prefill }: { prefill: StartMigrationPrefill }) {
  const navigate = useNavigate();
  const perms = usePermissions();
  const [f, setF] = useState<FormState>(() => ({
    source: prefill.source && isSourceUpstream(prefill.source) ? prefill.source : 'cloudmanager',
    sourceOrgId: prefill.org ?? '',
    atlasOrgId: prefill.atlasOrg ?? '',
    projectId: '',
    deployment: '',
    migrationHost: '',
    atlasProjectId: '',
    cluster: '',
    hostnameSchemaType: 'PUBLIC',
    privateLinkId: '',
    ssl: false,
    caCertificatePath: '',
    managedAuthentication: false,
    username: '',
    password: '',
    dropDestinationData: false,
  }));
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((p) => ({ ...p, [k]: v }));
  const [dropAsk, setDropAsk] = useState(0);
  const [dropOpen, setDropOpen] = useState(false);
  const dropRef = useRef<HTMLInputElement>(null);

  const atlasOrgs = useQuery(orgQueries.cloud.list());
  const atlasOrgId = id(f.atlasOrgId);
  const available = useQuery({
    ...migrationPlanQueries.availableProjects(atlasOrgId),
    enabled: atlasOrgId !== '',
  });
  const projects = useQuery({
    ...migrationPlanQueries.atlasProjects(atlasOrgId),
    enabled: atlasOrgId !== '',
  });
  const clusters = useQuery({
    ...migrationPlanQueries.clusters(f.atlasProjectId),
    enabled: id(f.atlasProjectId) !== '',
  });
  const sourceOrg = useQuery({
    ...orgQueries[f.source].detail(id(f.sourceOrgId)),
    enabled: id(f.sourceOrgId) !== '',
  });
  const project = available.data?.find((p) => p.projectId === f.projectId);
  const deployment = project?.deployments.find((d) => d.name === f.deployment);

  const request = useMemo(() => requestOf(f), [f]);
  const requestKey = request ? JSON.stringify(request) : null;
  const validate = useValidateMigration();
  const [validated, setValidated] = useState<{ key: string; groupId: string; id: string } | null>(
    null,
  );
  const job = useQuery({
    ...migrationPlanQueries.validation(validated?.groupId ?? '', validated?.id ?? ''),
    enabled: validated !== null,
  });
  const stale = validated !== null && validated.key !== requestKey;
  const passed = !stale && validated !== null && job.data?.status === 'SUCCESS';
  const start = useStartMigration();

  const missing = !request
    ? 'Pick the source project, deployment, migration host, Atlas project and target cluster first.'
    : !id(f.sourceOrgId)
      ? 'Give the source organization ID.'
      : !f.managedAuthentication && (!f.username || !f.password)
        ? 'Give the source database username and password (or turn managed authentication on).'
        : null;

  const onValidate = () => {
    if (!request || !requestKey) return;
    start.reset();
    validate.mutate(request, {
      onSuccess: (v) =>
        setValidated({ key: requestKey, groupId: request.destination.groupId, id: v._id }),
    });
  };

  const onStart = () => {
    if (!request || !validated || !passed) return;
    start.mutate(
      {
        validationId: validated.id,
        sourceUpstream: f.source,
        sourceOrgId: id(f.sourceOrgId),
        atlasOrgId,
        names: {
          sourceOrg: sourceOrg.data?.name ?? null,
          sourceProject: project?.name ?? null,
          atlasOrg: atlasOrgs.data?.find((o) => o.id === atlasOrgId)?.name ?? null,
          atlasProject: projects.data?.find((p) => p.id === f.atlasProjectId)?.name ?? null,
        },
        request,
      },
      {
        onSuccess: ({ migration }) => {
          notify({
            color: 'teal',
            title: 'Migration started',
            message: `${migration.source.deployment} → ${migration.target.cluster}: the console now watches it.`,
          });
          void navigate(paths.migration(migration.id));
        },
      },
    );
  };

  const atlasOrgOptions = (atlasOrgs.data ?? []).map((o) => ({ value: o.id, label: orgLabel(o) }));
  return (
    <Stack gap="md" maw={880}>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          1. Source
        </Title>
        <Stack gap="sm">
          <Group align="flex-start" wrap="wrap">
            <Select
              label="Source product"
              data={SOURCE_UPSTREAMS.map((u) => ({ value: u, label: SOURCE_LABELS[u] }))}
              value={f.source}
              onChange={(v) => v && isSourceUpstream(v) && set('source', v)}
              allowDeselect={false}
              w={200}
            />
            <TextInput
              label="Source organization ID"
              description={sourceOrg.data ? sourceOrg.data.name : 'The linked organization'}
              value={f.sourceOrgId}
              onChange={(e) => set('sourceOrgId', e.currentTarget.value)}
              error={
                f.sourceOrgId && !id(f.sourceOrgId) ? 'An ID is 24 characters: 0-9, a-f.' : null
              }
              w={280}
            />
          </Group>
          <Select
            label="Atlas organization it is linked to"
            allowDeselect={false}
            description="Its link-token connected the source organization"
            placeholder={atlasOrgs.isPending ? 'Loading organizations…' : 'Pick an organization'}
            data={atlasOrgOptions}
            value={atlasOrgOptions.some((o) => o.value === f.atlasOrgId) ? f.atlasOrgId : null}
            onChange={(v) =>
              setF((p) => ({
                ...p,
                atlasOrgId: v ?? '',
                projectId: '',
                deployment: '',
                migrationHost: '',
                atlasProjectId: '',
                cluster: '',
              }))
            }
            searchable
            maw={480}
          />
          {available.isError && (
            <ErrorState
              error={available.error}
              title="Could not list what this Atlas organization can migrate"
              onRetry={() => void available.refetch()}
            />
          )}
          {available.data && available.data.length === 0 && (
            <Text size="sm">
              No source project is available to this Atlas organization: link a source organization
              to it first, and wait until the link shows Synced.
            </Text>
          )}
          {available.data && available.data.length > 0 && (
            <Select
              label="Source project"
              allowDeselect={false}
              data={available.data.map((p) => ({
                value: p.projectId,
                label: `${p.name} — ${p.projectId}`,
              }))}
              value={project ? f.projectId : null}
              onChange={(v) =>
                setF((p) => ({ ...p, projectId: v ?? '', deployment: '', migrationHost: '' }))
              }
              maw={480}
            />
          )}
          {project && (
            <>
              <DeploymentPicker
                source={f.source}
                deployments={project.deployments}
                value={f.deployment}
                onChange={(name) => {
                  const d = project.deployments.find((x) => x.name === name);
                  setF((p) => ({
                    ...p,
                    deployment: name,
                    ssl: d?.tlsEnabled ?? p.ssl,
                  }));
                }}
              />
              <Select
                label="Migration host"
                allowDeselect={false}
                description="A host of the source project running the MongoDB Agent that moves the data"
                data={project.migrationHosts}
                value={project.migrationHosts.includes(f.migrationHost) ? f.migrationHost : null}
                onChange={(v) => set('migrationHost', v ?? '')}
                maw={480}
              />
            </>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          2. Target
        </Title>
        <Stack gap="sm">
          {projects.isError && (
            <ErrorState error={projects.error} title="Could not list the Atlas projects" />
          )}
          <Select
            label="Atlas project"
            allowDeselect={false}
            placeholder={
              atlasOrgId
                ? projects.isPending
                  ? 'Loading projects…'
                  : 'Pick a project'
                : 'Pick the Atlas organization first'
            }
            data={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.name} — ${p.id}` }))}
            value={projects.data?.some((p) => p.id === f.atlasProjectId) ? f.atlasProjectId : null}
            onChange={(v) => setF((p) => ({ ...p, atlasProjectId: v ?? '', cluster: '' }))}
            disabled={!atlasOrgId}
            maw={480}
          />
          {clusters.isError && (
            <ErrorState error={clusters.error} title="Could not list the project's clusters" />
          )}
          <Select
            label="Target cluster"
            allowDeselect={false}
            placeholder={f.atlasProjectId ? 'Pick a cluster' : 'Pick the Atlas project first'}
            data={(clusters.data ?? []).map((c) => ({
              value: c.name,
              label: `${c.name} — MongoDB ${c.mongoDBVersion}, ${c.diskSizeGB} GB disk`,
            }))}
            value={clusters.data?.some((c) => c.name === f.cluster) ? f.cluster : null}
            onChange={(v) => setF((p) => ({ ...p, cluster: v ?? '', dropDestinationData: false }))}
            disabled={!f.atlasProjectId}
            maw={480}
          />
          <Select
            label="Connection type"
            data={HOSTNAME_SCHEMA_TYPES.map((t) => ({ value: t, label: CONNECTION_LABELS[t] }))}
            value={f.hostnameSchemaType}
            onChange={(v) => v && set('hostnameSchemaType', v as FormState['hostnameSchemaType'])}
            allowDeselect={false}
            maw={480}
          />
          {f.hostnameSchemaType === 'PRIVATE_LINK' && (
            <TextInput
              label="Private endpoint ID"
              value={f.privateLinkId}
              onChange={(e) => set('privateLinkId', e.currentTarget.value)}
              maw={480}
            />
          )}
          <Checkbox
            ref={dropRef}
            label="Drop destination data"
            description="Delete every collection already in the target cluster before copying (asks you to type its name)"
            checked={f.dropDestinationData}
            disabled={!f.cluster}
            onChange={(e) => {
              if (e.currentTarget.checked) {
                setDropAsk((n) => n + 1);
                setDropOpen(true);
              } else set('dropDestinationData', false);
            }}
          />
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          3. Connection to the source
        </Title>
        <Stack gap="sm">
          <Checkbox
            label="Source uses TLS"
            description={
              deployment
                ? `The deployment has TLS ${deployment.tlsEnabled ? 'on' : 'off'}.`
                : undefined
            }
            checked={f.ssl}
            onChange={(e) => set('ssl', e.currentTarget.checked)}
          />
          {f.ssl && (
            <TextInput
              label="CA certificate path"
              description="On the migration host; leave empty when the source's certificate is publicly trusted"
              value={f.caCertificatePath}
              onChange={(e) => set('caCertificatePath', e.currentTarget.value)}
              maw={480}
            />
          )}
          <Checkbox
            label="Managed authentication"
            description="Automation manages the source's authentication: no username or password needed"
            checked={f.managedAuthentication}
            onChange={(e) => set('managedAuthentication', e.currentTarget.checked)}
          />
          {!f.managedAuthentication && (
            <Group align="flex-start" wrap="wrap">
              <TextInput
                label="Source database username"
                value={f.username}
                onChange={(e) => set('username', e.currentTarget.value)}
                autoComplete="off"
                w={260}
              />
              <PasswordInput
                label="Source database password"
                description="Sent to Atlas only; never stored or shown again"
                value={f.password}
                onChange={(e) => set('password', e.currentTarget.value)}
                autoComplete="new-password"
                w={260}
              />
            </Group>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          4. Validate, then start
        </Title>
        <Stack gap="sm">
          {!perms.canMutate && (
            <Alert color="gray" variant="light">
              <Text size="sm">{perms.reason}</Text>
            </Alert>
          )}
          {missing && <Text size="sm">{missing}</Text>}
          <Group gap="sm">
            <Button
              variant="light"
              onClick={onValidate}
              loading={validate.isPending}
              disabled={!perms.canMutate || missing !== null}
            >
              Validate
            </Button>
            <Button
              onClick={onStart}
              loading={start.isPending}
              disabled={!perms.canMutate || missing !== null || !passed}
            >
              Start migration
            </Button>
          </Group>
          {validate.isError && (
            <ErrorState error={validate.error} title="The request could not be validated" />
          )}
          {job.isError && <ErrorState error={job.error} title="Could not read the validation" />}
          <div aria-live="polite">
            <ValidationStatus job={job.data} stale={stale} />
          </div>
          {start.isError && (
            <ErrorState error={start.error} title="The migration was not started" />
          )}
          <ShowApiCall
            op="validateMigration"
            input={{
              params: { groupId: id(f.atlasProjectId) || '{ATLAS-PROJECT-ID}' },
              migrationRequest: withoutPassword(request),
            }}
          />
          <Text size="sm" fw={500}>
            Start migration sends:
          </Text>
          <ShowApiCall
            op="createMigration"
            input={{
              params: { groupId: id(f.atlasProjectId) || '{ATLAS-PROJECT-ID}' },
              migrationRequest: withoutPassword(request),
            }}
          />
        </Stack>
      </Paper>
      <DropDataConfirm
        key={dropAsk}
        cluster={f.cluster}
        opened={dropOpen}
        onConfirm={() => {
          set('dropDestinationData', true);
          setDropOpen(false);
        }}
        onCancel={() => setDropOpen(false)}
        onClosed={() => focusFirstAvailable([dropRef.current])}
      />
    </Stack>
  );
}
