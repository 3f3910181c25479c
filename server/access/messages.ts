// The access layer's words: what a refused visitor reads, saying what to do next.
export const ACCESS_MESSAGES = {
  notSignedIn: 'Sign in to use the dashboard.',
  wrongPassword: 'Wrong user name or password.',
  noPasswordSignIn: 'Password sign-in is not configured on this dashboard.',
  signInBody: 'Send {"username": "...", "password": "..."} as JSON.',
  operatorOnly: (what: string) =>
    `Your role is viewer: the operator role is needed to ${what}. Ask an administrator for it.`,
  tooManyAttempts: (seconds: number) =>
    `Too many wrong passwords. Wait ${seconds} seconds, then try again.`,
  signInBusy:
    'The dashboard is busy checking other sign-ins right now. Wait a few seconds, then try again.',
  sessionsUncheckable:
    'Your session cannot be checked against sign-outs right now: the database does not answer. Try again in a few seconds.',
  signInStoreDown:
    'Sign-in cannot be checked right now: the database does not answer. Try again in a few seconds.',
  signOutUnrecorded:
    'The sign-out could not be saved to the database, so you are still signed in. Try again in a few seconds.',
  auditUnwritable:
    'The audit log cannot be written, so changes are refused until it can (see the server log).',
  demoHost:
    'This demo dashboard (no sign-in) answers only at 127.0.0.1 or localhost. Open it there, or configure sign-in.',
  untrustedHeader: (reason: string) => `The sign-in proxy's header was not accepted: ${reason}.`,
  csrfSite: (site: string) =>
    `Changes must come from the dashboard's own pages (Sec-Fetch-Site: ${site}).`,
  csrfOrigin: "Changes must come from the dashboard's own origin.",
} as const;
