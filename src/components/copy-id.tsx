import { ActionIcon, CopyButton, Group, Text, type TextProps } from '@mantine/core';
import classes from './copy-id.module.css';

interface CopyIdProps {
  id: string;
  /** What the ID belongs to, for the button's name ("Copy ID of Acme Payments Prod"). */
  of?: string | undefined;
}

/** A small button that copies an ID; its name is "Copy ID of …" (or "Copy ID <id>"). */
export function CopyId({ id, of }: CopyIdProps) {
  const name = of ? `Copy ID of ${of}` : `Copy ID ${id}`;
  return (
    <CopyButton value={id} timeout={2000}>
      {({ copied, copy }) => (
        <>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            size="sm"
            aria-label={name}
            title={copied ? 'Copied' : 'Copy ID'}
            onClick={copy}
          >
            <svg
              aria-hidden="true"
              className={classes.icon}
              viewBox="0 0 16 16"
              fill="none"
              stroke="currentColor"
              strokeWidth={1.6}
              strokeLinecap="round"
              strokeLinejoin="round"
            >
              {copied ? (
                <polyline points="3,8.5 6.5,12 13,4.5" />
              ) : (
                <>
                  <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
                  <path d="M10.5 5.5V3.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
                </>
              )}
            </svg>
          </ActionIcon>
          <span className={classes.srOnly} aria-live="polite">
            {copied ? 'ID copied' : ''}
          </span>
        </>
      )}
    </CopyButton>
  );
}

interface IdWithCopyProps extends CopyIdProps {
  size?: TextProps['size'];
}

/** An ID in monospace with its copy button beside it. */
export function IdWithCopy({ id, of, size = 'sm' }: IdWithCopyProps) {
  return (
    <Group gap={4} wrap="nowrap" component="span" display="inline-flex" maw="100%">
      <Text span size={size} className={classes.id}>
        {id}
      </Text>
      <CopyId id={id} of={of} />
    </Group>
  );
}
