import '../later-page-styles';
import { useParams } from 'react-router-dom';
import { OrgLinkPage } from '@/features/org-link/components/org-link-page';
import { OrgMigrationsSection } from '@/features/live-migrations/components/org-migrations-section';

export function Page() {
  const { orgId = '' } = useParams();
  // A new org: fresh page state (history, dialogs).
  return (
    <>
      <OrgLinkPage key={orgId} orgId={orgId} />
      <OrgMigrationsSection key={`m-${orgId}`} source="opsmanager" orgId={orgId} />
    </>
  );
}
