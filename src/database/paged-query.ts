import type { DataSource, EntityManager } from 'typeorm';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * One page of a list and the true total, from the same FROM and WHERE (scope conditions included,
 * so the count never reveals rows the page would hide). Runs the two queries side by side.
 */
export async function queryPage<Row, Item>(
  db: DataSource | EntityManager,
  query: { select: string; from: string; where: string; orderBy: string; params: unknown[] },
  page: { limit: number; offset: number },
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const { select, from, where, orderBy, params } = query;
  const n = params.length;
  const [rows, [{ total }]] = await Promise.all([
    db.query<Row[]>(
      `SELECT ${select} FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, page.limit, page.offset],
    ),
    db.query<{ total: string }[]>(`SELECT count(*) AS total FROM ${from} WHERE ${where}`, params),
  ]);
  return { items: rows.map(toItem), total: Number(total), limit: page.limit, offset: page.offset };
}

/** An ILIKE pattern matching the text anywhere, with the text's own % _ \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
