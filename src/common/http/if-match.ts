import { DomainError } from '../errors/domain-error.js';

/** The weak ETag of a versioned resource: `W/"<version>"`. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The version a conditional write expects, from its If-Match header. Missing: 428, so no client
 * can overwrite what it has not read. A stale version is answered 412 by the write itself.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (!header)
    throw new DomainError(
      'precondition_required',
      'Send the resource’s ETag in If-Match to change it.',
    );
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match)
    throw new DomainError(
      'precondition_failed',
      'If-Match must be the ETag the resource was read with.',
    );
  return Number(match[1]);
}
