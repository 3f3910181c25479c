// Parses the "Access list IPs" field: entries separated by commas or white space (new lines).
import { ACCESS_LIST_MAX, accessListEntry } from '#contract/schemas';

export interface ParsedAccessList {
  entries: string[];
  /** One message per bad entry, naming it, plus one if there are too many. */
  errors: string[];
}

const SHOWN_MAX = 60;

export function parseAccessList(text: string): ParsedAccessList {
  const entries = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const errors = entries
    .filter((e) => !accessListEntry.safeParse(e).success)
    .map((e) => `"${shorten(e)}" is not an IPv4/IPv6 address or CIDR block`);
  if (entries.length > ACCESS_LIST_MAX) {
    errors.push(`At most ${ACCESS_LIST_MAX} entries are allowed; this list has ${entries.length}.`);
  }
  return { entries, errors };
}

function shorten(s: string): string {
  return s.length > SHOWN_MAX ? `${s.slice(0, SHOWN_MAX)}…` : s;
}
