/**
 * The baseline of the HTTP benchmarks: bare Nest routes that store a JSON body with one `INSERT`
 * (writes) or read a row by primary key with one `SELECT` (reads) through `pg`, nothing else (no
 * auth, no validation, no audit). Started as its own
 * process by the benchmark: `node dist/bench/bare-insert-server.js` with DATABASE_URL and PORT.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
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

  @Get('bare/:id')
  async read(@Param('id') id: string): Promise<unknown> {
    const { rows } = await pool.query('SELECT id, payload FROM bench_bare_insert WHERE id = $1', [
      id,
    ]);
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
