import type { MigrationInterface } from 'typeorm';
import { CreateUsers1764345600000 } from './1764345600000-CreateUsers';
import { CreateNotionWorkspaces1764500000010 } from './1764500000010-CreateNotionWorkspaces';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-node scripts
 * and Jest all load the same set whatever the file extension.
 */
export const migrations: (new () => MigrationInterface)[] = [CreateUsers1764345600000, CreateNotionWorkspaces1764500000010];
