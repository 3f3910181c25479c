// The Organization page is a header and a list of sections (src/app/routes/org.tsx holds the
// list). Each section is self-contained: it takes which org (and its name), loads what it needs and
// shows its own loading and error states, so adding one is one line in that list.
import type { ComponentType } from 'react';
import type { SourceUpstream } from '#contract/route-table';

export interface OrgSectionProps {
  source: SourceUpstream;
  orgId: string;
  /** The org's name (its ID while unknown). */
  orgName: string;
}

export interface OrgPageSection {
  /** Stable React key. */
  key: string;
  /** A section taking `{ source, orgId }` (and, if it wants, `orgName`). */
  Section: ComponentType<OrgSectionProps>;
  /** Takes the page's full width instead of a column beside another section. */
  wide?: boolean;
}
