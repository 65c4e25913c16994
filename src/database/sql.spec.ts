import { describe, expect, it } from '@jest/globals';
import { compile, sql } from './sql.js';

describe('sql tagged template', () => {
  it('binds every value as a parameter, in order', () => {
    const id = "x'; DROP TABLE app_user; --";
    expect(compile(sql`SELECT * FROM app_user WHERE id = ${id} AND role = ${'hr'}`)).toEqual({
      text: 'SELECT * FROM app_user WHERE id = $1 AND role = $2',
      values: [id, 'hr'],
    });
  });

  it('splices fragments with their own values, numbering across them', () => {
    const scope = sql`employer_id = ${'e1'} AND active = ${true}`;
    const statement = sql`SELECT id FROM employee WHERE ${scope} AND id = ${'id1'} LIMIT ${5}`;
    expect(compile(statement)).toEqual({
      text: 'SELECT id FROM employee WHERE employer_id = $1 AND active = $2 AND id = $3 LIMIT $4',
      values: ['e1', true, 'id1', 5],
    });
  });

  it('joins fragments with a separator, and writes raw text only where asked', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`, sql`c = ${3}`];
    expect(
      compile(sql`WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${sql.raw('a')}`),
    ).toEqual({
      text: 'WHERE a = $1 AND b = $2 AND c = $3 ORDER BY a',
      values: [1, 2, 3],
    });
    expect(compile(sql`${sql.join([])}`)).toEqual({ text: '', values: [] });
  });
});
