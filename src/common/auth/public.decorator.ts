import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'rtw:isPublic';

/** Marks a route that answers without a signed-in user (health, metrics, log-in). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
