/**
 * What may be logged of an unexpected error: its kind, codes and where it was raised. Not the
 * message: messages of database and validation errors can quote submitted values, and those may be
 * clinical.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { kind: typeof error };
  const e = error as Error & { code?: unknown; constraint?: unknown; table?: unknown };
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 8)
    .map((line) => line.trim());
  return {
    name: error.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    frames,
  };
}
