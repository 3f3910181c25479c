// What MongoDB Cloud's refusals of Delete federation mean, in words for this action. The general
// words for a status (api-error.ts) would say "correct the request" for the 400, which is wrong
// here: the request was right, the federation was not (yet) deletable.
import { isApiError } from '@/api/api-error';
import type { ErrorExplanation } from '@/components/typed-confirm-modal';

/**
 * `orgLabel`: the one connected org as the page knows it (name, or ID), whose Organization Owner
 * role the API key needs. Null for a failure the general words already say well.
 */
export function deleteFederationRefusal(
  error: unknown,
  orgLabel: string | null,
): ErrorExplanation | null {
  if (!isApiError(error) || error.source !== 'upstream') return null;
  switch (error.status) {
    case 400:
      // The only rule a bodiless DELETE of a valid ID can break (FACTS.md; the code is assumed).
      return {
        title: 'Not deleted: more than one organization is connected',
        advice:
          'MongoDB Cloud deletes a federation only while one organization is connected to it, and ' +
          'another one has been connected since this page was loaded. The list of connected ' +
          'organizations has been read again: remove the others first, then delete the federation.',
      };
    case 403:
      // The general advice stays: it names the key (its public part) that needs the role.
      return {
        title: `Not deleted: the API key needs the Organization Owner role in ${
          orgLabel ?? 'the last connected organization'
        }`,
      };
    case 429:
      return {
        title: 'Not deleted: MongoDB Cloud is limiting requests',
        advice: `Nothing was changed. Wait ${
          error.retryAfter === undefined ? 'a few' : String(error.retryAfter)
        } seconds, then press Delete federation again.`,
      };
    default:
      return null;
  }
}
