import { classifySyncFailure } from '../../src/notes/sync/sync-failure';
import { NotionObjectNotFoundError, NotionReauthRequiredError, NotionUnavailableError, NotionWorkspaceTrashedError } from '../../src/notion/notion.errors';

describe('classifySyncFailure', () => {
  it('parks a note whose workspace is in the trash or gone apart from reauthorisation, with the code first in the reason', () => {
    for (const state of ['root_trashed', 'toc_trashed', 'gone']) {
      const { kind, reason } = classifySyncFailure(new NotionWorkspaceTrashedError(state));
      expect(kind).toBe('workspace');
      expect(reason).toMatch(/^NOTION_WORKSPACE_TRASHED: Your "Personal Assistant" page/);
    }
    expect(classifySyncFailure(new NotionReauthRequiredError()).kind).toBe('reauth');
    expect(classifySyncFailure(new NotionObjectNotFoundError()).kind).toBe('permanent');
    expect(classifySyncFailure(new NotionUnavailableError()).kind).toBe('transient');
  });
});
