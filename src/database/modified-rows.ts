import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows an UPDATE or DELETE ... RETURNING gave back. TypeORM answers those statements with
 * `[rows, affectedCount]` where SELECT and INSERT give the rows alone; reading them through this
 * one function keeps that difference from turning into a silent bug.
 */
export async function modifiedRows<Row>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  const [rows] = (await db.query(sql, params)) as [Row[], number];
  return rows;
}
