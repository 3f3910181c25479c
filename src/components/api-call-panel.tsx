import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { apiCallText, type ApiCallInput } from '@/api/api-call';
import { configQueries } from '@/api/queries/config';
import { routes, type OperationId } from '#contract/route-table';
import classes from './api-call-panel.module.css';

type ApiCallPanelProps =
  | { op: OperationId; input: ApiCallInput }
  | { steps: readonly { op: OperationId; input: ApiCallInput; title: string }[] };

/**
 * The equivalent curl request and CLI command of one action, each with a copy button; for an
 * action of several calls, each call in order under what it does.
 */
export default function ApiCallPanel(props: ApiCallPanelProps) {
  const { data } = useQuery(configQueries.config());
  const steps = 'steps' in props ? props.steps : [{ ...props, title: null }];
  return (
    <Stack gap="xs" role="region" aria-label="API call">
      <Text size="xs">
        {steps.length > 1
          ? 'The same requests made directly, in this order. '
          : 'The same request made directly. '}
        Put an API key with the Organization Owner role in place of the {'{…}'} placeholders: this
        dashboard never shows keys or link-tokens.
      </Text>
      {steps.map(({ op, input, title }, i) => {
        const upstream = data?.upstreams.find((u) => u.name === routes[op].upstream) ?? null;
        const text = apiCallText(op, input, upstream);
        const tool = text.cli?.split(' ')[0] ?? null;
        const label = (what: string) => (title ? `Step ${i + 1}: ${what}` : what);
        return (
          <Stack gap="xs" key={`${op}-${i}`}>
            {title && (
              <Text size="sm" fw={600}>
                {i + 1}. {title}
              </Text>
            )}
            <Command label="curl" name={label('curl')} text={text.curl} />
            {text.cli && tool && <Command label={tool} name={label(tool)} text={text.cli} />}
          </Stack>
        );
      })}
    </Stack>
  );
}

/** `label` is shown; `name` names the copy button (unique when several steps show commands). */
function Command({ label, name, text }: { label: string; name: string; text: string }) {
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
              aria-label={copied ? `Copied the ${name} command` : `Copy the ${name} command`}
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
