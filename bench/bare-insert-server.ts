/**
 * The baseline of the write benchmarks: a bare Nest route that stores its JSON body with one
 * `INSERT` through `pg`, nothing else (no auth, no validation, no audit). Started as its own
 * process by the benchmark: `node dist/bench/bare-insert-server.js` with DATABASE_URL and PORT.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

@Controller()
class BareController {
  @Post('bare')
  @HttpCode(201)
  async insert(@Body() body: unknown): Promise<{ id: string }> {
    const { rows } = await pool.query<{ id: string }>(
      'INSERT INTO bench_bare_insert (payload) VALUES ($1) RETURNING id',
      [JSON.stringify(body)],
    );
    return rows[0];
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end());
});
