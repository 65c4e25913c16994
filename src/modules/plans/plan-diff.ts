/**
 * What changed between two plan versions, field by field, so the doctor approving version 3 sees
 * what is new since version 2 and HR sees what changed in the work track. Pure.
 */
export interface PlanChange {
  /** Where, as `workTrack[1].percentOfContract`. */
  path: string;
  /** The value before, or null when the field was added. */
  from: unknown;
  /** The value after, or null when the field was removed. */
  to: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf that differs between `before` and `after`; arrays compare position by position. */
export function diffValues(before: unknown, after: unknown, path = ''): PlanChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffValues(before[key], after[key], path ? `${path}.${key}` : key),
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, index) =>
      diffValues(before[index], after[index], `${path}[${index}]`),
    ).flat();
  }
  if (before === after || (before === undefined && after === undefined)) return [];
  return [{ path, from: before ?? null, to: after ?? null }];
}

/**
 * The changes in the given fields of two versions, in field order. Against no version at all (the
 * first version has nothing before it) every field with a value is added, whole.
 */
export function diffPlans<T extends object>(
  before: T | null,
  after: T,
  fields: readonly (keyof T & string)[],
): PlanChange[] {
  if (before === null) {
    return fields
      .filter((field) => after[field] !== null && after[field] !== undefined)
      .map((field) => ({ path: field, from: null, to: after[field] }));
  }
  return fields.flatMap((field) => diffValues(before[field], after[field], field));
}
