import { Radio, Stack, Text } from '@mantine/core';
import { pushMigrationSupport } from '#contract/push-support';
import type { SourceUpstream } from '#contract/route-table';
import type { AvailableDeployment } from '#contract/schemas';
import { deploymentFacts } from '../lib/deployment-facts';

interface DeploymentPickerProps {
  source: SourceUpstream;
  deployments: readonly AvailableDeployment[];
  value: string;
  onChange: (name: string) => void;
}

/**
 * The source project's deployments with what matters for a migration; the ones push migration no
 * longer supports are flagged with the reason and cannot be picked (validation would refuse them).
 */
export function DeploymentPicker({ source, deployments, value, onChange }: DeploymentPickerProps) {
  return (
    <Radio.Group label="Source deployment" value={value} onChange={onChange} required>
      <Stack gap="xs" mt="xs">
        {deployments.map((d) => {
          const support = pushMigrationSupport(source, d.mongoDBVersion);
          return (
            <Radio
              key={d.name}
              value={d.name}
              disabled={support.level === 'unsupported'}
              label={d.name}
              description={
                <>
                  <Text span size="xs">
                    {deploymentFacts(d)}
                  </Text>
                  {support.level !== 'supported' && (
                    <Text size="xs" fw={600}>
                      {support.level === 'unsupported' ? 'Not supported: ' : 'Deprecated: '}
                      {support.reason}
                    </Text>
                  )}
                </>
              }
            />
          );
        })}
      </Stack>
    </Radio.Group>
  );
}
