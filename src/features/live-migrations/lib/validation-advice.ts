// What to do about a FAILED validation, from its errorMessage (plain words from Atlas; the causes
// the docs name: source not available, unknown cluster, unsupported version, host unreachable,
// TLS, credentials, disk). Unknown messages get general advice.
const ADVICE: [RegExp, string][] = [
  [
    /not available for migration|not linked/i,
    'Check that the source organization is linked to this Atlas organization and that the link shows Synced.',
  ],
  [/was not found in source project/i, 'Pick a deployment of the chosen source project.'],
  [
    /does not support|needs MongoDB|not supported/i,
    'Upgrade the source deployment, or migrate it from Cloud Manager, then validate again.',
  ],
  [
    /unreachable|migration host/i,
    'Pick a migration host of the source project whose MongoDB Agent is running.',
  ],
  [/TLS|ssl/i, 'Set “Source uses TLS” to match the source deployment.'],
  [
    /not managed by automation/i,
    'Turn managed authentication off and give a username and password.',
  ],
  [
    /username and password|Authentication .*failed|credentials/i,
    'Check the source database username and password, then validate again.',
  ],
  [
    /disk/i,
    'Pick a target cluster with more disk than the source holds, or grow this one in Atlas.',
  ],
];

export function validationAdvice(errorMessage: string | null | undefined): string {
  const text = errorMessage ?? '';
  for (const [re, advice] of ADVICE) if (re.test(text)) return advice;
  return 'Fix what the message names, then validate again.';
}
