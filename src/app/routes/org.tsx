import '../later-page-styles';
import { useParams } from 'react-router-dom';
import { OrgLinkPage } from '@/features/org-link/components/org-link-page';
import { ORG_PAGE_SECTIONS } from '../org-page-sections';

export function Page() {
  const { source = '', orgId = '' } = useParams();
  // A new org: fresh page state (dialogs, Notify me).
  return (
    <OrgLinkPage
      key={`${source}:${orgId}`}
      source={source}
      orgId={orgId}
      sections={ORG_PAGE_SECTIONS}
    />
  );
}
