import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type Ref } from 'react';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { Timestamp } from '@/components/timestamp';
import { parseAccessList } from '@/lib/access-list';
import { focusFirstAvailable, refocusIfLost } from '@/lib/focus';
import type { LedgerEntry } from '#contract/link-contract';
import { useGenerateLinkToken } from '../api/use-generate-link-token';
import { LinkTokenReveal } from './link-token-reveal';

interface GenerateLinkTokenProps {
  orgId: string;
  /** The last token generated on this page (state owned by the parent), or null. */
  token: string | null;
  onToken: (token: string) => void;
  onCopied: () => void;
  canMutate: boolean;
  /**
   * The ledger's link-tokens of this org that still exist (generated here, not deleted since);
   * null while unknown. A Generate says so before making another.
   */
  live: LedgerEntry[] | null;
}

export function GenerateLinkToken(props: GenerateLinkTokenProps) {
  const { orgId, token, onToken, onCopied, canMutate, live } = props;
  const [ips, setIps] = useState('');
  const [ipErrors, setIpErrors] = useState<string[]>([]);
  // A Generate while earlier tokens exist asks first; this holds the access list to send then.
  const [asking, setAsking] = useState<string[] | null>(null);
  const generate = useGenerateLinkToken(orgId);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const revealRef = useRef<HTMLTextAreaElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  // The new token comes into view and takes the focus (selected, ready to copy).
  const focusNewToken = useRef(false);
  useEffect(() => {
    if (token === null || !focusNewToken.current) return;
    focusNewToken.current = false;
    revealRef.current?.scrollIntoView({ block: 'center' });
    focusFirstAvailable([revealRef.current]);
  }, [token]);
  useEffect(() => {
    if (asking) askRef.current?.focus();
  }, [asking]);

  const send = (entries: string[]) => {
    setAsking(null);
    generate.mutate(entries, {
      onSuccess: (t) => {
        focusNewToken.current = true;
        onToken(t);
      },
      onError: () => refocusIfLost(buttonRef.current),
    });
  };

  // The call the form would make now (entries that are not valid yet are left out).
  const accessListIps = parseAccessList(ips).entries;
  return (
    <Stack gap="sm">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parseAccessList(ips);
          setIpErrors(parsed.errors);
          // A bad entry is never sent; the typed text stays for the user to correct.
          if (parsed.errors.length > 0) return;
          if (live && live.length > 0) setAsking(parsed.entries);
          else send(parsed.entries);
        }}
      >
        <Stack gap="sm">
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
            rows={3}
            resize="vertical"
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <div>
            <Button
              ref={buttonRef}
              type="submit"
              loading={generate.isPending}
              disabled={!canMutate || asking !== null}
            >
              Generate
            </Button>
          </div>
          {asking && live && (
            <EarlierTokens
              live={live}
              confirmRef={askRef}
              onConfirm={() => send(asking)}
              onCancel={() => {
                setAsking(null);
                requestAnimationFrame(() => focusFirstAvailable([buttonRef.current]));
              }}
            />
          )}
          <ShowApiCall op="createLinkToken" input={{ params: { orgId }, accessListIps }} />
        </Stack>
      </form>
      {generate.isError && (
        <ErrorState error={generate.error} title="The link-token was not generated" />
      )}
      {token !== null ? (
        <LinkTokenReveal token={token} fieldRef={revealRef} onCopied={onCopied} />
      ) : (
        <Text size="sm">The link-token will appear here once, right after it is generated.</Text>
      )}
    </Stack>
  );
}

/** "An earlier link-token still exists": what the ledger knows, before another is made. */
function EarlierTokens({
  live,
  confirmRef,
  onConfirm,
  onCancel,
}: {
  live: LedgerEntry[];
  confirmRef: Ref<HTMLButtonElement>;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const newest = live[0];
  const used = newest?.connections.at(-1);
  return (
    <Alert
      color="yellow"
      variant="light"
      title={
        live.length === 1
          ? 'An earlier link-token generated here still exists'
          : `${live.length} earlier link-tokens generated here still exist`
      }
    >
      <Stack gap="xs">
        {newest && (
          <Text size="sm">
            The newest, fingerprint {newest.fingerprint}, was generated{' '}
            <Timestamp at={newest.generatedAt} show="date-time" />
            {newest.generatedBy ? ` by ${newest.generatedBy}` : ''}
            {used
              ? ` and connected ${used.orgName ?? used.orgId}.`
              : ' and has not been used to connect an organization here.'}
          </Text>
        )}
        <Text size="sm">
          Atlas keeps it: another Generate makes an additional link-token (use one per source
          organization). Generate another?
        </Text>
        <Group gap="sm">
          <Button ref={confirmRef} size="sm" onClick={onConfirm}>
            Generate another
          </Button>
          <Button size="sm" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
