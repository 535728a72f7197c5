import { BotAccess } from '../store/access';
import { Integration, Person } from '../store/model';
import { SandboxStore } from '../store/store';
import { ApiCall } from '../http/types';

/** Who made a change, as webhook events name it in `authors`. */
export interface Author {
  id: string;
  type: 'person' | 'bot';
}

/**
 * A person of a workspace, acting in the sandbox as they would in Notion's app: they see and may
 * edit everything in their workspace, and what they change is recorded with their id as
 * `last_edited_by`. It stands in for a bot's access so the same handlers serve both.
 */
export class PersonAccess extends BotAccess {
  constructor(
    store: SandboxStore,
    readonly person: Person,
    readonly workspaceId: string,
  ) {
    const integration: Integration = {
      id: person.id,
      name: person.name,
      // A person may create workspace-level pages, which only public integrations may do.
      kind: 'public',
      clientId: '',
      clientSecret: '',
      redirectUris: [],
      workspaceId,
    };
    super(store, { id: person.id, integrationId: person.id, workspaceId, ownerPersonId: person.id, grants: [] }, integration);
  }

  override canSee(id: string): boolean {
    const node = this.store.node(id);
    return node !== null && node.record.workspaceId === this.workspaceId;
  }

  override grant(): void {
    // A person sees their whole workspace already.
  }
}

/** The author of an API call: the person acting through the control API, or the calling bot. */
export function authorOf(call: ApiCall): Author {
  return call.access instanceof PersonAccess ? { id: call.access.person.id, type: 'person' } : { id: call.botId, type: 'bot' };
}
