/** A Notion id as Notion prints it in URLs (32 hex digits) or in the API (with dashes). */
export const NOTION_ID_PATTERN = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export const NOTION_ID_MESSAGE = 'must be a Notion page id (32 hexadecimal digits, with or without dashes)';

/** The dashed, lower-case form the API answers with, so that ids compare and store alike. */
export function canonicalPageId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
