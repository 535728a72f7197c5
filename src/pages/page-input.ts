/** Limits of what the pages surfaces accept, stated in the REST DTOs (dto/page-requests.dto.ts), which the tools' inputs derive from. */
export const TITLE_MAX = 2000;
export const CONTENT_MAX = 200_000;
export const QUERY_MAX = 200;
export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_LIMIT_DEFAULT = 10;
export const UPDATE_MODES = ['replace', 'append'] as const;

/** What every page tool says of its page ids: a note id stands for the note's page (NotionPagesService resolves it). */
export const NOTE_ID_TOO = "a noteId from the note tools also works (it stands for the note's page)";

