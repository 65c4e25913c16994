import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { TestUser } from '../factories/identity.js';

/** Logs a test user in through the API and returns its access token. */
export async function accessTokenFor(app: INestApplication, user: TestUser): Promise<string> {
  const response = await request(app.getHttpServer())
    .post('/auth/login')
    .send({ email: user.email, password: user.password });
  if (response.status !== 200)
    throw new Error(`log-in of ${user.role} failed with ${response.status}`);
  return (response.body as { accessToken: string }).accessToken;
}
