import '../later-page-styles';
import { useParams } from 'react-router-dom';
import { OrgLinkPage } from '@/features/org-link/components/org-link-page';

export function Page() {
  const { orgId = '' } = useParams();
  // A new org: fresh page state (history, dialogs).
  return <OrgLinkPage key={orgId} orgId={orgId} />;
}
