import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** The part of the `pg` pool behind TypeORM's PostgreSQL driver that this module uses. */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Statement names by SQL text; the texts come from a fixed set of templates, so this stays small. */
const names = new Map<string, string>();
const MAX_NAMES = 500;

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMES) {
    name = `rtw_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs one statement of a path taken on (nearly) every request as a named prepared statement on a
 * pooled connection: PostgreSQL parses and plans it once per connection instead of once per call,
 * which for a statement such as the access-token user lookup or a scoped insert with its audit row
 * costs more than executing it. The name is derived from the text, so one name never stands for two
 * texts. Outside a transaction only; errors carry PostgreSQL's `code` like any other query error.
 */
export async function queryPrepared<Row>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  const name = statementName(text);
  if (!pool || name === undefined) return dataSource.query<Row[]>(text, values);
  const { rows } = await pool.query({ name, text, values });
  return rows as Row[];
}

/**
 * `queryPrepared` for a statement of a transaction: it runs on the transaction's own connection
 * (the one that began it), prepared there once. Outside a transaction it is `queryPrepared`.
 */
export async function queryPreparedIn<Row>(
  manager: EntityManager,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const runner = manager.queryRunner as unknown as
    { isReleased: boolean; connect(): Promise<PgPool> } | undefined;
  if (!runner) return queryPrepared<Row>(manager.connection, text, values);
  const name = statementName(text);
  if (name === undefined || runner.isReleased) return manager.query<Row[]>(text, values);
  const { rows } = await (await runner.connect()).query({ name, text, values });
  return rows as Row[];
}
