// Which locked packages only development needs: those reached from the project's dev dependencies and not from its
// run-time ones. Lockfiles that record no such flag per package (uv.lock, bun.lock) are read as a graph by name.

/** Names reachable from `devSeeds` but not from `runtimeSeeds`, following `edges` (name → names it depends on). */
export function devOnlyNames(runtimeSeeds: Iterable<string>, devSeeds: Iterable<string>, edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const runtime = reachable(runtimeSeeds, edges, new Set());
  return reachable(devSeeds, edges, runtime);
}

function reachable(seeds: Iterable<string>, edges: ReadonlyMap<string, readonly string[]>, stop: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  // a stack of its own: dependency chains can be as long as a hostile lockfile makes them
  const todo = [...seeds];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (seen.has(n) || stop.has(n)) continue;
    seen.add(n);
    for (const d of edges.get(n) ?? []) todo.push(d);
  }
  return seen;
}
