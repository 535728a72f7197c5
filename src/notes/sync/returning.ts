/**
 * The rows of an `UPDATE`/`DELETE ... RETURNING` run with `query()`: TypeORM's postgres driver answers
 * those with `[rows, affectedCount]`, and `INSERT`/`SELECT` with the rows alone.
 */
export function returningRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
