import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { isApiError } from '@/api/api-error';
import type { Session } from '#contract/proxy-contract';
import { useSignIn } from '../api/use-sign-in';

function problemOf(error: unknown): { title: string; message: string } {
  if (!isApiError(error)) return { title: 'Sign-in failed', message: String(error) };
  switch (error.errorCode) {
    case 'NOT_SIGNED_IN':
      return { title: 'Not signed in', message: error.detail };
    case 'TOO_MANY_ATTEMPTS':
      return {
        title: 'Too many attempts',
        message: `Wait ${error.retryAfter ?? 'a few'} seconds, then try again.`,
      };
    default:
      return { title: 'Sign-in failed', message: error.detail };
  }
}

/** User name and password; the password lives only in this form's state and the one request. */
export function SignInForm({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn({
    onSuccess: (s) => {
      setPassword('');
      onSignedIn(s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return;
    signIn.mutate({ username: username.trim(), password });
  };
  const problem = signIn.isError ? problemOf(signIn.error) : null;
  return (
    <form onSubmit={submit} aria-label="Sign in" noValidate>
      <Stack>
        <TextInput
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          data-autofocus
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        {problem && (
          <Alert color="red" variant="light" title={problem.title} role="alert">
            {problem.message}
          </Alert>
        )}
        <Button type="submit" loading={signIn.isPending} disabled={!username.trim() || !password}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
