import type { CreateDatabaseParameters } from '@notionhq/client';

/** What every user's workspace holds: the root page and, inline in it, the notes database. */
export const ROOT_PAGE_TITLE = 'Personal Assistant';
export const DATABASE_TITLE = 'Table of Contents';

export const NOTE_TYPES = ['meeting', 'project', 'personal', 'research', 'learning', 'task', 'idea', 'journal'] as const;

/** Our names of the notes database's properties. */
export const PROPERTY = {
  name: 'Name',
  type: 'Type',
  tags: 'Tags',
  summary: 'Summary',
  related: 'Related',
  created: 'Created',
  noteId: 'Note ID',
} as const;

/** The other side of the two-way Related relation (Notion needs a name for it on a self-relation). */
export const RELATED_BACK = 'Linked from';

const TYPE_COLORS = ['blue', 'purple', 'pink', 'green', 'yellow', 'red', 'orange', 'brown'] as const;

type PropertySchema = NonNullable<NonNullable<CreateDatabaseParameters['initial_data_source']>['properties']>;

/** The properties the database is created with. Related is added afterwards: it points at the data source itself. */
export function initialProperties(): PropertySchema {
  return {
    [PROPERTY.name]: { title: {} },
    [PROPERTY.type]: { select: { options: NOTE_TYPES.map((name, i) => ({ name, color: TYPE_COLORS[i] })) } },
    [PROPERTY.tags]: { multi_select: { options: [] } },
    [PROPERTY.summary]: { rich_text: {} },
    [PROPERTY.created]: { date: {} },
    [PROPERTY.noteId]: { rich_text: {} },
  };
}

/** The self-relation, as a property of PATCH /v1/data_sources/{id}. */
export function relatedProperty(dataSourceId: string) {
  return {
    relation: { data_source_id: dataSourceId, type: 'dual_property' as const, dual_property: { synced_property_name: RELATED_BACK } },
  };
}

/** The property each of our names must have, to recognise it and to add it back when it is missing. */
export const PROPERTY_TYPES: Record<string, string> = {
  [PROPERTY.name]: 'title',
  [PROPERTY.type]: 'select',
  [PROPERTY.tags]: 'multi_select',
  [PROPERTY.summary]: 'rich_text',
  [PROPERTY.related]: 'relation',
  [PROPERTY.created]: 'date',
  [PROPERTY.noteId]: 'rich_text',
};

export const WELCOME_TEXT = [
  'Your personal assistant keeps its notes here.',
  'Every note is a row of the Table of Contents below: sort it, filter it by type or tag, and follow the Related links between notes. Rename or move things as you like; the assistant keeps track.',
];
