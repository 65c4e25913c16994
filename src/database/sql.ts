import type { DataSource, EntityManager } from 'typeorm';

const SQL = Symbol('sql');

/**
 * A statement or a piece of one, with its values kept apart from its text. Built with the `sql`
 * tag: every `${value}` becomes a bound parameter, and a `${fragment}` built with the tag is
 * spliced in with its own values, so pieces (a scope condition, a column list) compose into one
 * statement without anyone counting `$n`.
 */
export interface Sql {
  readonly [SQL]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

function isSql(value: unknown): value is Sql {
  return typeof value === 'object' && value !== null && SQL in value;
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return { [SQL]: true, strings: [...strings], values };
}

/** Text written into the statement as it is: only for fixed identifiers, never for values. */
sql.raw = (text: string): Sql => ({ [SQL]: true, strings: [text], values: [] });

/** Fragments one after the other, with a separator between them (`, ` by default). */
sql.join = (parts: readonly Sql[], separator: Sql = sql`, `): Sql => {
  if (!parts.length) return sql``;
  const strings = [''];
  const values: unknown[] = [];
  parts.forEach((part, index) => {
    if (index > 0) {
      strings.push('');
      values.push(separator);
    }
    values.push(part);
    strings.push('');
  });
  return { [SQL]: true, strings, values };
};

/** The statement's text with `$1`, `$2`, ... and its values in that order. */
export function compile(statement: Sql): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = build(statement, values);
  return { text, values };
}

function build(fragment: Sql, values: unknown[]): string {
  let text = fragment.strings[0];
  fragment.values.forEach((value, index) => {
    if (isSql(value)) text += build(value, values);
    else {
      values.push(value);
      text += `$${values.length}`;
    }
    text += fragment.strings[index + 1];
  });
  return text;
}

type Db = DataSource | EntityManager;

/** The rows of a SELECT, or of an INSERT ... RETURNING. */
export function selectRows<Row>(db: Db, statement: Sql): Promise<Row[]> {
  const { text, values } = compile(statement);
  return db.query<Row[]>(text, values);
}

/**
 * The rows an UPDATE or DELETE ... RETURNING changed. TypeORM answers those statements with
 * `[rows, affectedCount]` where SELECT and INSERT give the rows alone.
 */
export async function changedRows<Row>(db: Db, statement: Sql): Promise<Row[]> {
  const { text, values } = compile(statement);
  const [rows] = (await db.query(text, values)) as [Row[], number];
  return rows;
}

/** A statement whose answer is not needed. */
export async function execute(db: Db, statement: Sql): Promise<void> {
  const { text, values } = compile(statement);
  await db.query(text, values);
}
