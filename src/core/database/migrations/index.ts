import type { MixedList } from 'typeorm';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-node scripts
 * and Jest all load the same set whatever the file extension.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const migrations: MixedList<Function> = [];
