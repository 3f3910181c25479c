import { Button, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorState } from '@/components/error-state';
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
          generate.mutate(parsed.entries, { onSuccess: onToken });
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
            <Button type="submit" loading={generate.isPending} disabled={!canMutate}>
              Generate
            </Button>
          </div>
        </Stack>
      </form>
      {generate.isError && (
        <ErrorState error={generate.error} title="The link-token was not generated" />
      )}
      {token !== null ? (
        <LinkTokenReveal token={token} />
      ) : (
        <Text size="sm">The link-token will appear here once, right after it is generated.</Text>
      )}
    </Stack>
  );
}
