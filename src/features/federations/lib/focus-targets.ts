/**
 * Marks the federation page's connected-orgs count: focus goes there after a dialog whose button
 * is gone (Delete federation, once another org shows up in the list).
 */
export const CONNECTED_COUNT_ATTR = 'data-connected-orgs-count';
