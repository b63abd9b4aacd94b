// Array helpers for data an image, a repository or a registry controls.

/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each item as an argument: past about
 * 120,000 of them V8 throws "Maximum call stack size exceeded" (a package-lock.json of 200,000 packages did).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  // arrays by index: the iterator protocol costs more than the push in code V8 has not optimised yet (a CLI run)
  if (Array.isArray(items)) for (let i = 0; i < items.length; i++) target.push(items[i]);
  else for (const x of items) target.push(x);
  return target;
}

/**
 * Appends `items` to the list `map` holds at `key`, made on first use. The list is added to, never copied: a copy per
 * addition (`map.set(k, [...(map.get(k) ?? []), v])`) is quadratic in a repeated key, which a crafted file repeats.
 */
export function appendAt<K, T>(map: Map<K, T[]>, key: K, items: Iterable<T>): void {
  const list = map.get(key);
  if (list) appendAll(list, items);
  else map.set(key, [...items]);
}
