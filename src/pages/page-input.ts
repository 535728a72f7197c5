import { z } from 'zod';
import { NOTION_ID_MESSAGE, NOTION_ID_PATTERN } from './page-ids';

/** Limits of what the pages surfaces accept, shared by the REST DTOs and the tools' zod inputs. */
export const TITLE_MAX = 2000;
export const CONTENT_MAX = 200_000;
export const QUERY_MAX = 200;
export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_LIMIT_DEFAULT = 10;
export const UPDATE_MODES = ['replace', 'append'] as const;

/** What every page tool says of its page ids: a note id stands for the note's page (NotionPagesService resolves it). */
export const NOTE_ID_TOO = "a noteId from the note tools also works (it stands for the note's page)";

/** zod fields for the tools (the REST DTOs state the same rules with class-validator). */
export const zPageId = (what: string) => z.string().regex(NOTION_ID_PATTERN, NOTION_ID_MESSAGE).describe(what);
export const zTitle = z.string().trim().min(1).max(TITLE_MAX);
export const zContent = z.string().max(CONTENT_MAX);
