import { SetMetadata } from '@nestjs/common';

export const SECRET_RESPONSE = 'rtw:secret-response';

/**
 * The route answers with a secret (tokens, a TOTP seed, recovery codes). Its answer is never kept
 * for an idempotent replay, so the route refuses an Idempotency-Key: a secret must not sit in a
 * table, nor be handed out twice.
 */
export const SecretResponse = (): MethodDecorator => SetMetadata(SECRET_RESPONSE, true);
