import 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Server-made correlation id of this request. */
    correlationId?: string;
    /** The refresh token of this request came from the web application's cookie. */
    refreshFromCookie?: boolean;
  }
}
