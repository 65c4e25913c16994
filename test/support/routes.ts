import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Permission } from '../../src/common/auth/permissions.js';
import { IS_PUBLIC } from '../../src/common/auth/public.decorator.js';
import { REQUIRED_PERMISSION } from '../../src/common/auth/require-permission.decorator.js';

export interface AppRoute {
  method: string;
  /** Express-style path: `/organisations/:id`. */
  path: string;
  isPublic: boolean;
  permission: Permission | undefined;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route the running application serves, read from Nest's own metadata. */
export function listRoutes(app: INestApplication): AppRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: AppRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPath =
      (Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | undefined) ?? '';
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const targets = [handler, wrapper.metatype as object];
      routes.push({
        method,
        path: join(controllerPath, path),
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets as never) === true,
        permission: reflector.getAllAndOverride<Permission | undefined>(
          REQUIRED_PERMISSION,
          targets as never,
        ),
      });
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
