import { SetMetadata } from '@nestjs/common';

export const ALLOW_WITHOUT_SECOND_FACTOR = 'rtw:allowWithoutSecondFactor';

/**
 * Physiotherapists and occupational doctors must sign in with a second factor. Until they have set
 * one up, only the routes marked with this decorator (enrolment, own profile) let them in.
 */
export const AllowWithoutSecondFactor = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_WITHOUT_SECOND_FACTOR, true);
