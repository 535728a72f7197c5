import type { MigrationInterface } from 'typeorm';
import { CreateUsers1764345600000 } from './1764345600000-CreateUsers';
import { CreateNotionWorkspaces1764500000010 } from './1764500000010-CreateNotionWorkspaces';
import { CreateOAuthIntegrations1764400000001 } from './1764400000001-CreateOAuthIntegrations';
import { CreateNotes1795960000000 } from './1795960000000-CreateNotes';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-node scripts
 * and Jest all load the same set whatever the file extension.
 */
export const migrations: (new () => MigrationInterface)[] = [
  CreateUsers1764345600000,
  CreateOAuthIntegrations1764400000001,
  CreateNotionWorkspaces1764500000010,
  CreateNotes1795960000000,
];
