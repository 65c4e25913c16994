import { DataSource, type EntityManager } from 'typeorm';
import { queryPrepared, queryPreparedIn } from './prepared-query.js';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageSql {
  select: string;
  from: string;
  where: string;
  orderBy: string;
  params: unknown[];
}

/**
 * One page of a list and the true total, from the same FROM and WHERE (scope conditions included,
 * so the count never reveals rows the page would hide). Outside a transaction the two queries run
 * side by side. Both are prepared statements: list texts come from a fixed set of templates.
 */
export async function queryPage<Row, Item>(
  db: DataSource | EntityManager,
  query: PageSql,
  page: { limit: number; offset: number },
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const { where, params } = query;
  const [rows, [{ total }]] = await Promise.all([
    pageRows<Row>(db, query, page),
    prepared<{ total: string }>(
      db,
      `SELECT count(*) AS total FROM ${query.from} WHERE ${where}`,
      params,
    ),
  ]);
  return { items: rows.map(toItem), total: Number(total), limit: page.limit, offset: page.offset };
}

/** The rows of one page. */
function pageRows<Row>(
  db: DataSource | EntityManager,
  query: PageSql,
  page: { limit: number; offset: number },
): Promise<Row[]> {
  const { select, from, where, orderBy, params } = query;
  return prepared<Row>(
    db,
    `SELECT ${select} FROM ${from} WHERE ${where} ORDER BY ${orderBy} ${limitOffset(page, params.length)}`,
    [...params, page.offset],
  );
}

/**
 * `LIMIT <n> OFFSET $<k>` for the page size and a parameter after `paramCount` others holding the
 * offset. The size is written into the text (an integer 1-200, validated with the page query):
 * knowing it, PostgreSQL plans a prepared list once and keeps that plan for every page, where a
 * parameter would have it plan each execution anew.
 */
export function limitOffset(page: { limit: number }, paramCount: number): string {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 1000)
    throw new RangeError('page limit must be an integer between 1 and 1000');
  return `LIMIT ${page.limit} OFFSET $${paramCount + 1}`;
}

function prepared<Row>(
  db: DataSource | EntityManager,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  return db instanceof DataSource
    ? queryPrepared<Row>(db, text, values)
    : queryPreparedIn<Row>(db, text, values);
}

/** An ILIKE pattern matching the text anywhere, with the text's own % _ \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
