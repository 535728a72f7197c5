import { NotionApiError } from './errors';

export const LATEST_VERSION = '2026-03-11';
export const PREVIOUS_VERSION = '2025-09-03';
export type NotionVersion = typeof LATEST_VERSION | typeof PREVIOUS_VERSION;

export function parseVersion(header: string | undefined): NotionVersion {
  if (header === undefined || header === '') {
    throw new NotionApiError(
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    );
  }
  if (header === LATEST_VERSION || header === PREVIOUS_VERSION) return header;
  throw new NotionApiError(
    400,
    'validation_error',
    `Notion-Version header failed validation: Notion-Version header should be one of "${LATEST_VERSION}", "${PREVIOUS_VERSION}", instead was \`"${header}"\`.`,
  );
}

/** 2025-09-03 still speaks the names 2026-03-11 removed (`archived`, `after`). */
export function isLegacy(version: NotionVersion): boolean {
  return version === PREVIOUS_VERSION;
}
