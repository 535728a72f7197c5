import type { BlockObjectRequest } from '@notionhq/client';
import type { BlockChildrenApi } from '../../../src/notion/markdown/block-appender';
import type { BlockNode } from '../../../src/notion/markdown/block-requests';

export interface RecordedAppend {
  parentId: string;
  children: BlockObjectRequest[];
}

/** Plain shape of a block tree: type and children only, to compare what was sent with what was meant. */
export interface Shape {
  block: BlockObjectRequest;
  children: Shape[];
}

/**
 * Records every append instead of sending it, hands out ids, and can rebuild the tree the appends
 * would have made — to check the requests both respect the limits and add up to the document.
 */
export class RecordingChildrenApi implements BlockChildrenApi {
  readonly appends: RecordedAppend[] = [];
  readonly lists: string[] = [];
  private readonly tree = new Map<string, Shape[]>();
  private readonly byId = new Map<string, Shape>();
  private next = 0;

  append(parentId: string, children: BlockObjectRequest[]): Promise<string[]> {
    this.appends.push({ parentId, children });
    return Promise.resolve(children.map((child) => this.create(parentId, child)));
  }

  listChildIds(parentId: string): Promise<string[]> {
    this.lists.push(parentId);
    return Promise.resolve((this.tree.get(parentId) ?? []).map((shape) => this.idOf(shape)));
  }

  /** The children of `parentId` as they would now exist. */
  built(parentId: string): Shape[] {
    return this.tree.get(parentId) ?? [];
  }

  private readonly ids = new Map<Shape, string>();

  private idOf(shape: Shape): string {
    return this.ids.get(shape) as string;
  }

  private create(parentId: string, request: BlockObjectRequest): string {
    const id = `block-${(this.next += 1)}`;
    const type = request.type as string;
    const payload = { ...(request as unknown as Record<string, Record<string, unknown>>)[type] };
    const nested = (payload.children as BlockObjectRequest[] | undefined) ?? [];
    delete payload.children;
    const shape: Shape = { block: { ...request, [type]: payload } as BlockObjectRequest, children: [] };
    this.ids.set(shape, id);
    this.byId.set(id, shape);
    this.tree.set(id, shape.children);
    const siblings = this.tree.get(parentId) ?? [];
    siblings.push(shape);
    this.tree.set(parentId, siblings);
    for (const child of nested) this.create(id, child);
    return id;
  }
}

/** The intended tree, in the same shape. */
export function shapeOf(nodes: BlockNode[]): Shape[] {
  return nodes.map((node) => ({ block: node.block, children: shapeOf(node.children) }));
}
