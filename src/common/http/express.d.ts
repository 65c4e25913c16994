import 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Server-made correlation id of this request. */
    correlationId?: string;
  }
}
