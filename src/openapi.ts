import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { HTTP_STATUS_BY_CODE } from './common/errors/domain-error.js';
import { PROBLEM_CONTENT_TYPE } from './common/errors/problem-details.js';
import { queryTypesOf, withValidationLimits } from './openapi-limits.js';

export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/** The OpenAPI document of the API, built from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Return-to-Work Platform API')
    .setDescription(
      'Return-to-work programmes for neck, shoulder and low-back complaints: employers, ' +
        'physiotherapists and occupational doctors on one plan. Errors are RFC 9457 problem details ' +
        'carrying a correlation id, also sent as X-Request-Id.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const operationId = (controllerKey: string, methodKey: string) =>
    `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationId,
  });
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  return withProblemResponses(
    withValidationLimits(document, queryTypesOf(controllers, operationId)),
  );
}

type SchemaEntry = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const PROBLEM_SCHEMA: SchemaEntry = {
  type: 'object',
  description: 'RFC 9457 problem details; every error of this API has this shape',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'correlationId'],
  properties: {
    type: { type: 'string', example: 'urn:rtw:problem:validation_failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'Path of the request' },
    code: { type: 'string', enum: Object.keys(HTTP_STATUS_BY_CODE) },
    correlationId: { type: 'string', description: 'Also sent as the X-Request-Id header' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** Documents the problem-details answer as the default response of every operation. */
function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses.default ??= {
        description: 'An error, as problem details',
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
        },
      };
    }
  }
  return document;
}

export function mountApiDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
