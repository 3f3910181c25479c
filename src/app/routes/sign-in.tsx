import '../later-page-styles';
import '@mantine/core/styles/PasswordInput.layer.css';
import { Anchor, Card, Center, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { configQueries } from '@/api/queries/config';
import { QueryState } from '@/components/query-state';
import { paths } from '@/config/paths';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { safeNextPath } from '@/features/auth/lib/next-path';
import { usePageTitle } from '@/lib/page-title';

export function Page() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const config = useQuery(configQueries.config());
  usePageTitle('Sign in');
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
          <QueryState
            query={config}
            loadingLabel="Loading"
            errorTitle="Could not reach the dashboard's server"
          >
            {(data) =>
              data.session ? (
                <Navigate to={next} replace />
              ) : !data.signInRequired ? (
                <Text>
                  This dashboard does not ask anyone to sign in.{' '}
                  <Anchor component={Link} to={paths.orgs}>
                    Go to Organizations
                  </Anchor>
                </Text>
              ) : (
                <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
              )
            }
          </QueryState>
        </Stack>
      </Card>
    </Center>
  );
}
