import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryPrepared } from '../../src/database/prepared-query.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('prepared hot-path statements', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('prepares a statement once per connection and runs it with new values each time', async () => {
    // The statement reports whether it is itself a prepared statement of its connection.
    const text = `SELECT $1::int * 2 AS doubled,
                         EXISTS (SELECT 1 FROM pg_prepared_statements
                                  WHERE statement LIKE '%self-check-7f3a%') AS prepared`;
    // More calls than the pool has connections: each connection runs it several times, and
    // preparing a name twice on one connection would fail.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        queryPrepared<{ doubled: number; prepared: boolean }>(db, `${text} -- self-check-7f3a`, [
          n,
        ]),
      ),
    );
    expect(results.map(([row]) => row.doubled)).toEqual(
      Array.from({ length: 60 }, (_, n) => n * 2),
    );
    expect(results.every(([row]) => row.prepared)).toBe(true);
  });

  it('keeps two texts apart even when they run on the same connection', async () => {
    for (let round = 0; round < 3; round++) {
      const [a] = await queryPrepared<{ v: string }>(db, `SELECT 'first' || $1::text AS v`, ['!']);
      const [b] = await queryPrepared<{ v: string }>(db, `SELECT 'second' || $1::text AS v`, ['?']);
      expect([a.v, b.v]).toEqual(['first!', 'second?']);
    }
  });

  it('fails with the PostgreSQL error code, so errors map to problems as any query does', async () => {
    await expect(queryPrepared(db, `SELECT 1 / $1::int AS quotient`, [0])).rejects.toMatchObject({
      code: '22012',
    });
  });
});
