import { validationError } from '../core/errors';
import { newId } from '../core/ids';
import { BlockParent, BlockRecord, PageRecord } from '../store/model';
import { SandboxStore } from '../store/store';
import { BlockDraft } from './block-requests';

export type InsertPosition = { type: 'end' } | { type: 'start' } | { type: 'after'; id: string };

/** A page or block that holds an ordered list of children. */
export type Container = PageRecord | BlockRecord;

export function containerParent(store: SandboxStore, container: Container): BlockParent {
  return store.state.pages[container.id] ? { type: 'page_id', id: container.id } : { type: 'block_id', id: container.id };
}

/** Refuses a position naming a block that is not a child of the container (before anything changes). */
export function checkPosition(container: Container, position: InsertPosition): void {
  if (position.type === 'after' && !container.children.includes(position.id)) {
    throw validationError(`Block ${position.id} is not a child of ${container.id}.`);
  }
}

/** Inserts child ids into a container's list at a Notion position. */
export function placeChildren(container: Container, ids: string[], position: InsertPosition): void {
  if (position.type === 'start') {
    container.children.unshift(...ids);
    return;
  }
  if (position.type === 'after') {
    const index = container.children.indexOf(position.id);
    if (index < 0) throw validationError(`Block ${position.id} is not a child of ${container.id}.`);
    container.children.splice(index + 1, 0, ...ids);
    return;
  }
  container.children.push(...ids);
}

/** Stores drafted blocks (and their nested children) under a container; returns the top-level ids. */
export function insertBlocks(store: SandboxStore, container: Container, drafts: BlockDraft[], position: InsertPosition, by: string): string[] {
  checkPosition(container, position);
  const ids = drafts.map((draft) => createBlock(store, container.workspaceId, containerParent(store, container), draft, by));
  placeChildren(container, ids, position);
  if (ids.length > 0) touchUpwards(store, container.id, by);
  return ids;
}

function createBlock(store: SandboxStore, workspaceId: string, parent: BlockParent, draft: BlockDraft, by: string): string {
  const now = store.clock.isoNow();
  const block: BlockRecord = {
    id: newId(),
    workspaceId,
    parent,
    type: draft.type,
    data: draft.data,
    inTrash: false,
    children: [],
    createdTime: now,
    lastEditedTime: now,
    createdBy: by,
    lastEditedBy: by,
  };
  store.state.blocks[block.id] = block;
  block.children = draft.children.map((child) => createBlock(store, workspaceId, { type: 'block_id', id: block.id }, child, by));
  return block.id;
}

/** An edit inside a page moves the `last_edited_time` of the block and of the page holding it. */
export function touchUpwards(store: SandboxStore, id: string, by: string): void {
  let current: string | null = id;
  for (let depth = 0; current && depth < 1000; depth += 1) {
    const node = store.node(current);
    if (!node) return;
    store.touch(node.record, by);
    if (node.kind === 'page') return;
    current = store.parentOf(node);
  }
}

/** Visible children of a page or block, in order. */
export function visibleChildren(store: SandboxStore, container: Container): string[] {
  return container.children.filter((id) => {
    const node = store.node(id);
    return node !== null && !node.record.inTrash;
  });
}

/** Rendered content tree for assertions (control API): blocks with their nested children. */
export interface ContentTreeNode {
  id: string;
  type: string;
  text: string;
  children: ContentTreeNode[];
}
