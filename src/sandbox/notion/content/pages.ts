import { newId } from '../core/ids';
import { DataSourceRecord, Json, PageParent, PageRecord, PropertyConfig, PropertyValue, SelectOption } from '../store/model';
import { SandboxStore } from '../store/store';
import { BlockDraft } from './block-requests';
import { emptyValue } from './property-values';
import { syncDualRelation } from './relations';
import { Container, InsertPosition, checkPosition, insertBlocks, placeChildren, touchUpwards } from './tree';

export interface NewPage {
  workspaceId: string;
  parent: PageParent;
  /** The page or block whose content lists the new page as a `child_page` block. */
  container: Container | null;
  position?: InsertPosition;
  title?: PropertyValue;
  values?: Map<PropertyConfig, PropertyValue>;
  source?: DataSourceRecord;
  icon?: Json;
  cover?: Json;
  children?: BlockDraft[];
  by: string;
}

/** Creates a page with its content; shared by `POST /v1/pages` and the control API's seeding. */
export function createPage(store: SandboxStore, input: NewPage): PageRecord {
  if (input.container) checkPosition(input.container, input.position ?? { type: 'end' });
  const now = store.clock.isoNow();
  const page: PageRecord = {
    id: newId(),
    workspaceId: input.workspaceId,
    parent: input.parent,
    properties: {},
    icon: input.icon ?? null,
    cover: input.cover ?? null,
    inTrash: false,
    isLocked: false,
    children: [],
    createdTime: now,
    lastEditedTime: now,
    createdBy: input.by,
    lastEditedBy: input.by,
  };
  if (input.source) {
    for (const property of input.source.properties) page.properties[property.id] = emptyValue(property);
  } else {
    page.properties.title = input.title ?? { type: 'title', value: [] };
  }
  store.state.pages[page.id] = page;
  if (input.values) setValues(store, page, input.values, input.by);
  if (input.container) {
    placeChildren(input.container, [page.id], input.position ?? { type: 'end' });
    touchUpwards(store, input.container.id, input.by);
  }
  if (input.children?.length) insertBlocks(store, page, input.children, { type: 'end' }, input.by);
  return page;
}

/** Applies property values to a page in a data source, keeping two-way relations in step. */
export function setValues(store: SandboxStore, page: PageRecord, values: Map<PropertyConfig, PropertyValue>, by: string): void {
  for (const [property, value] of values) {
    if (value.type === 'select' && value.value) value.value = adoptOption(property, value.value);
    if (value.type === 'multi_select') value.value = value.value.map((option) => adoptOption(property, option));
    const before = page.properties[property.id];
    page.properties[property.id] = value;
    if (value.type === 'relation') {
      syncDualRelation(store, page, property, before?.type === 'relation' ? before.value : [], value.value, by);
    }
  }
}

/** Like Notion, naming an option that does not exist yet adds it to the schema — once the request is known to be valid. */
function adoptOption(property: PropertyConfig, option: SelectOption): SelectOption {
  const options = (property.options ??= []);
  const known = options.find((o) => o.id === option.id) ?? options.find((o) => o.name === option.name);
  if (known) return known;
  options.push(option);
  return option;
}
