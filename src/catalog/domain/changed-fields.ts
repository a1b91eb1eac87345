/** The fields of `changes` whose values differ from `current`, or null when none do (an update that changes nothing appends nothing). */
export function changedFields<T extends object>(current: T, changes: Partial<T>): Partial<T> | null {
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof T])),
  ) as Partial<T>;
  return Object.keys(changed).length > 0 ? changed : null;
}
