import '../styles-secondary';
import '@mantine/core/styles/PasswordInput.layer.css';
import { Anchor, Card, Center, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { configQueries } from '@/api/queries/config';
import { ErrorState } from '@/components/error-state';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { safeNextPath } from '@/features/auth/next-path';

export function Page() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const config = useQuery(configQueries.config());
  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <div>
            <Title order={1} size="h2">
              Sign in
            </Title>
            <Text c="dimmed" size="sm">
              Orglink Console
            </Text>
          </div>
          {config.isPending ? (
            <PageLoader label="Loading" />
          ) : config.isError ? (
            <ErrorState
              error={config.error}
              title="Could not reach the dashboard's server"
              onRetry={() => void config.refetch()}
            />
          ) : config.data.session ? (
            <Navigate to={next} replace />
          ) : !config.data.signInRequired ? (
            <Text>
              This dashboard does not ask anyone to sign in.{' '}
              <Anchor component={Link} to={paths.orgs}>
                Go to Organizations
              </Anchor>
            </Text>
          ) : (
            <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
          )}
        </Stack>
      </Card>
    </Center>
  );
}
