import { Button, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { ErrorState } from '@/components/error-state';
import { ShowApiCall } from '@/components/show-api-call';
import { focusFirstAvailable, refocusIfLost } from '@/lib/focus';
import { parseAccessList } from '../lib/access-list';
import { useGenerateLinkToken } from '../api/use-generate-link-token';
import { LinkTokenReveal } from './link-token-reveal';

interface GenerateLinkTokenProps {
  orgId: string;
  /** The last token generated on this page (state owned by the parent), or null. */
  token: string | null;
  onToken: (token: string) => void;
  canMutate: boolean;
}

export function GenerateLinkToken({ orgId, token, onToken, canMutate }: GenerateLinkTokenProps) {
  const [ips, setIps] = useState('');
  const [ipErrors, setIpErrors] = useState<string[]>([]);
  const generate = useGenerateLinkToken(orgId);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const revealRef = useRef<HTMLTextAreaElement>(null);
  // The new token takes the focus once shown (and is selected, ready to copy).
  const focusNewToken = useRef(false);
  useEffect(() => {
    if (token === null || !focusNewToken.current) return;
    focusNewToken.current = false;
    focusFirstAvailable([revealRef.current]);
  }, [token]);
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
          generate.mutate(parsed.entries, {
            onSuccess: (t) => {
              focusNewToken.current = true;
              onToken(t);
            },
            onError: () => refocusIfLost(buttonRef.current),
          });
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
              disabled={!canMutate}
            >
              Generate
            </Button>
          </div>
          <ShowApiCall op="createLinkToken" input={{ params: { orgId }, accessListIps }} />
        </Stack>
      </form>
      {generate.isError && (
        <ErrorState error={generate.error} title="The link-token was not generated" />
      )}
      {token !== null ? (
        <LinkTokenReveal token={token} fieldRef={revealRef} />
      ) : (
        <Text size="sm">The link-token will appear here once, right after it is generated.</Text>
      )}
    </Stack>
  );
}
