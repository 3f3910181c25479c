// Which sections the Organization page shows (src/app/routes/org.tsx renders them in this order).
import { LinkedToSection } from '@/features/org-link/components/linked-to-section';
import { OrgLinkSection } from '@/features/org-link/components/org-link-section';
import { OrgHistorySection } from '@/features/org-link/components/status-history';
import type { OrgPageSection } from '@/features/org-link/lib/org-page-sections';
import { OrgMigrationsSection } from '@/features/live-migrations/components/org-migrations-section';

/**
 * The Organization page's sections, top to bottom (two to a row on a wide screen). Each takes
 * `{ source, orgId }` (and `orgName`), loads its own data and shows its own errors: a new section
 * is one line here, from whichever feature owns it.
 */
export const ORG_PAGE_SECTIONS: readonly OrgPageSection[] = [
  { key: 'link', Section: OrgLinkSection },
  { key: 'linked-to', Section: LinkedToSection },
  { key: 'history', Section: OrgHistorySection },
  { key: 'migrations', Section: OrgMigrationsSection, wide: true },
];
