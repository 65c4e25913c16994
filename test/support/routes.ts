import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/common/auth/public.decorator.js';
import { REQUIRED_PERMISSION } from '../../src/common/auth/require-permission.decorator.js';
import { IS_EXPENSIVE } from '../../src/common/request-limits/expensive.decorator.js';

export interface AppRoute {
  method: string;
  /** Express-style path, `/organisations/:id`. */
  path: string;
  isPublic: boolean;
  permission: string | undefined;
  /** Marked `@Expensive()`: counted against the per-account limit of the expensive routes. */
  expensive: boolean;
}

/** Routes the running application serves, read from Nest's own metadata, not from a list here. */
export function listRoutes(app: INestApplication): AppRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const paths = (value: unknown): string[] =>
    Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : '/'];
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((part) => part.split('/'))
      .filter(Boolean)
      .join('/')}`;

  const routes = new Map<string, AppRoute>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller || typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const handlerPath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      if (handlerPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const targets = [handler, controller];
      for (const base of paths(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const path of paths(handlerPath)) {
          const route: AppRoute = {
            method,
            path: join(base, path),
            isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
            permission: reflector.getAllAndOverride<string | undefined>(
              REQUIRED_PERMISSION,
              targets,
            ),
            expensive: reflector.getAllAndOverride<boolean>(IS_EXPENSIVE, targets) === true,
          };
          routes.set(`${route.method} ${route.path}`, route);
        }
      }
    }
  }
  return [...routes.values()].sort((a, b) =>
    `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
  );
}
