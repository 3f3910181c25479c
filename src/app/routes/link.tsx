import '../later-page-styles';
import { LinkOrgPage } from '@/features/link-flow/components/link-org-page';

export function Page() {
  return <LinkOrgPage />;
}
