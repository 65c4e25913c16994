import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { type Permission, roleHasPermission } from '../../src/common/auth/permissions.js';
import { type Role, ROLES } from '../../src/common/auth/roles.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { type AppRoute, listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** A value for each kind of path parameter: well-formed, so only the permission can refuse. */
const PATH_VALUES: Record<string, string> = {
  month: '2026-01-01',
  weekStart: '2026-11-30',
  number: '1',
  kind: 'decision_a',
};
const pathOf = (route: AppRoute) =>
  route.path.replace(/:(\w+)/g, (_, name: string) => PATH_VALUES[name] ?? crypto.randomUUID());

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const methodOf = (route: AppRoute) => route.method.toLowerCase() as Method;
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Fields a client must never set on an HR write, unless the operation declares them. */
const MASS_ASSIGNMENT = {
  role: 'admin',
  employerId: '00000000-0000-4000-8000-000000000001',
  organisationId: '00000000-0000-4000-8000-000000000001',
  version: 99,
  createdBy: '00000000-0000-4000-8000-000000000002',
  recordedBy: '00000000-0000-4000-8000-000000000002',
  diagnosis: 'CANARY-DIAGNOSIS',
  clinicalNote: 'CANARY-NOTE',
  regions: ['neck'],
  specificity: 'specific',
  nrsPain: 7,
  redFlagAnswers: { cauda_equina: true },
};

interface OpenApiSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: OpenApiSchema[];
}
interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } } | undefined
    >
  >;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** The body properties the committed OpenAPI document declares for a route. */
function declaredFields(spec: OpenApi, route: AppRoute): Set<string> {
  const path = route.path.replace(/:(\w+)/g, '{$1}');
  const operation = spec.paths[path]?.[route.method.toLowerCase()];
  const fields = new Set<string>();
  const collect = (schema: OpenApiSchema | undefined) => {
    if (!schema) return;
    if (schema.$ref) collect(spec.components.schemas[schema.$ref.split('/').pop() as string]);
    for (const part of schema.allOf ?? []) collect(part);
    for (const name of Object.keys(schema.properties ?? {})) fields.add(name);
  };
  for (const content of Object.values(operation?.requestBody?.content ?? {}))
    collect(content.schema);
  return fields;
}

/** Rows an employer's HR could create or change, counted to show that nothing was written. */
const FOOTPRINT = `SELECT
  (SELECT count(*) FROM employee WHERE employer_id = $1) AS employees,
  (SELECT count(*) FROM episode WHERE employer_id = $1) AS episodes,
  (SELECT count(*) FROM app_user u JOIN membership m ON m.user_id = u.id WHERE m.organisation_id = $1) AS users,
  (SELECT count(*) FROM service_contract WHERE employer_id = $1) AS contracts,
  (SELECT count(*) FROM employer_headcount WHERE employer_id = $1) AS headcounts,
  (SELECT count(*) FROM employee_import WHERE employer_id = $1) AS imports,
  (SELECT max(version) FROM organisation WHERE id = $1) AS employer_version`;

describe('function-level access and mass assignment', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  const tokens = {} as Record<Role, string>;
  /** The route called with a token and an If-Match (for the routes that want one). */
  const send = (route: AppRoute, token: string) => {
    const agent = request(t.app.getHttpServer());
    return agent[methodOf(route)](pathOf(route))
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', 'W/"1"');
  };

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    for (const role of ROLES) {
      const user = await createUser(db, role, {
        organisationId: ['hr', 'employee'].includes(role) ? employer : undefined,
      });
      tokens[role] = await accessTokenFor(t.app, user);
    }
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('refuses every route to every role without its permission with 403, before reading the request, and writes nothing', async () => {
    const routes = listRoutes(t.app).filter((route) => !route.isPublic && route.permission);
    const before = await db.query(FOOTPRINT, [employer]);
    const wrong: string[] = [];
    let calls = 0;
    for (const route of routes) {
      for (const role of ROLES) {
        if (roleHasPermission(role, route.permission as Permission)) continue;
        // An empty body: were the permission not checked first, validation would answer 400.
        const call = send(route, tokens[role]);
        const response = await (WRITES.includes(route.method) ? call.send({}) : call);
        calls++;
        if (response.status !== 403 || response.body.code !== 'forbidden')
          wrong.push(`${route.method} ${route.path} as ${role}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every write route is refused to at least one role, so the loop above covered them all.
    expect(calls).toBeGreaterThan(routes.filter((r) => WRITES.includes(r.method)).length);
    expect(await db.query(FOOTPRINT, [employer])).toEqual(before);
  });

  it('refuses role, employer, version, author and clinical fields sent with an HR write, naming each', async () => {
    const spec = JSON.parse(readFileSync('openapi.json', 'utf8')) as OpenApi;
    // Writes that take fields: a route without a request body reads none of what is sent; a CSV
    // upload is a file.
    const writes = listRoutes(t.app).filter(
      (route) =>
        ['POST', 'PUT', 'PATCH'].includes(route.method) &&
        route.permission &&
        roleHasPermission('hr', route.permission as Permission) &&
        declaredFields(spec, route).size > 0 &&
        !route.path.startsWith('/employee-imports'),
    );
    expect(writes.length).toBeGreaterThanOrEqual(15);
    const before = await db.query(FOOTPRINT, [employer]);
    const accepted: string[] = [];
    for (const route of writes) {
      const declared = declaredFields(spec, route);
      const extra = Object.fromEntries(
        Object.entries(MASS_ASSIGNMENT).filter(([field]) => !declared.has(field)),
      );
      const response = await send(route, tokens.hr).send(extra);
      const named = new Set(
        ((response.body.errors ?? []) as { field: string }[]).map((error) => error.field),
      );
      const unnamed = Object.keys(extra).filter((field) => !named.has(field));
      if (response.status !== 400 || unnamed.length)
        accepted.push(`${route.method} ${route.path}: ${response.status} ${unnamed.join(', ')}`);
      expect(JSON.stringify(response.body)).not.toMatch(/CANARY/);
    }
    expect(accepted).toEqual([]);
    expect(await db.query(FOOTPRINT, [employer])).toEqual(before);
  });
});
