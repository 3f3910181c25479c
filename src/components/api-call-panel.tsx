import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { apiCallText, type ApiCallInput } from '@/api/api-call';
import { configQueries } from '@/api/queries/config';
import { routes, type OperationId } from '#contract/route-table';
import classes from './api-call-panel.module.css';

interface ApiCallPanelProps {
  op: OperationId;
  input: ApiCallInput;
}

/** The equivalent curl request and CLI command of one action, each with a copy button. */
export default function ApiCallPanel({ op, input }: ApiCallPanelProps) {
  const { data } = useQuery(configQueries.config());
  const upstream = data?.upstreams.find((u) => u.name === routes[op].upstream) ?? null;
  const text = apiCallText(op, input, upstream);
  const tool = text.cli?.split(' ')[0] ?? null;
  return (
    <Stack gap="xs" role="region" aria-label="API call">
      <Text size="xs">
        The same request made directly. Put an API key with the Organization Owner role in place of
        the {'{…}'} placeholders: this dashboard never shows keys or link-tokens.
      </Text>
      <Command label="curl" text={text.curl} />
      {text.cli && tool && <Command label={tool} text={text.cli} />}
    </Stack>
  );
}

function Command({ label, text }: { label: string; text: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" fw={600}>
          {label}
        </Text>
        <CopyButton value={text} timeout={2000}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant={copied ? 'filled' : 'default'}
              onClick={copy}
              aria-label={copied ? `Copied the ${label} command` : `Copy the ${label} command`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block className={classes.code}>
        {text}
      </Code>
    </Stack>
  );
}
