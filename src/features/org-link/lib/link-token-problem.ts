import { linkTokenText } from '#contract/schemas';

/** What is wrong with a pasted link-token (outer whitespace already trimmed), or null. */
export function linkTokenProblem(token: string): string | null {
  if (token === '') return 'Paste the link-token generated in Atlas.';
  const parsed = linkTokenText.safeParse(token);
  return parsed.success
    ? null
    : `The link-token ${parsed.error.issues[0]?.message ?? 'is not valid'}.`;
}
