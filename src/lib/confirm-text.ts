/**
 * Whether the text typed in a confirmation names the thing: its exact ID, or its exact name (as
 * Atlas asks for a cluster's name before deleting it). Outer spaces do not count.
 */
export function confirms(typed: string, id: string, name?: string | null): boolean {
  const t = typed.trim();
  return t !== '' && (t === id || (!!name && t === name.trim()));
}
