/**
 * Which cells of a published table to withhold so that no figure stands for fewer than k people,
 * directly or by difference. Cells take part in additive relations (a total and the parts that add
 * up to it: the sectors of a period and their sum, the months of a quarter and the quarter...).
 * Primary: every cell with a figure behind 1 to k-1 people. Complementary: in every relation with
 * something withheld and something published, at least two cells are withheld, standing for at
 * least k people together (a relation withheld whole gives nothing to subtract from); the
 * smallest published cells are added until that holds, and again wherever an addition made
 * another relation short, until nothing changes. A subtraction of published figures then always
 * leaves two or more withheld cells together, never one alone. The choice depends on the data
 * only (ties broken by key), so every request reads the same pattern.
 */
export interface SuppressionCell {
  /** Unique and stable: the tie-break between equally small cells. */
  key: string;
  /** People behind each figure of the cell (e.g. new cases, everyone with an open case). */
  people: readonly number[];
  /** The relations the cell is part of, as a part or as the total. */
  relations: readonly string[];
}

export function withheldCells(input: readonly SuppressionCell[], k: number): Set<string> {
  // The relations are worked through in one order whatever order the cells came in (the greedy
  // choices depend on it): by key.
  const cells = [...input].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const weight = cells.map((cell) => Math.max(0, ...cell.people));
  const hidden = new Uint8Array(cells.length);
  cells.forEach((cell, i) => {
    if (cell.people.some((people) => people > 0 && people < k)) hidden[i] = 1;
  });

  const members = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    for (const relation of cell.relations) {
      const group = members.get(relation);
      if (group) group.push(i);
      else members.set(relation, [i]);
    }
  });
  // Smallest first: the complements chosen are the cheapest to lose.
  const byCost = (a: number, b: number) =>
    weight[a] - weight[b] || (cells[a].key < cells[b].key ? -1 : 1);
  const groups = [...members.values()].filter((group) => group.length > 1);
  for (const group of groups) group.sort(byCost);

  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      let count = 0;
      let people = 0;
      for (const i of group) {
        if (hidden[i]) {
          count++;
          people += weight[i];
        }
      }
      if (count === 0 || (count >= 2 && people >= k)) continue;
      for (const i of group) {
        if (hidden[i] || weight[i] === 0) continue; // an empty cell shows nobody
        hidden[i] = 1;
        changed = true;
        count++;
        people += weight[i];
        if (count >= 2 && people >= k) break;
      }
    }
  }
  return new Set(cells.filter((_, i) => hidden[i]).map((cell) => cell.key));
}

/**
 * The relations of a cell of a cube with `*` for "all": along each dimension, the cell with its
 * siblings and their total (the same cell with `*` there).
 */
export function dimensionRelations(scope: string, dims: readonly string[]): string[] {
  return dims.map(
    (_, d) => `${scope}|d${d}|${dims.map((value, i) => (i === d ? '#' : value)).join('|')}`,
  );
}

/**
 * The relations of a period in time: months add up to their quarter, quarters to their year.
 * `period` is the first day of the month, quarter or year (YYYY-MM-DD).
 */
export function timeRelations(
  grain: 'month' | 'quarter' | 'year',
  period: string,
  cell: string,
): string[] {
  const year = period.slice(0, 4);
  const quarterStart = `${year}-${String(Math.floor((Number(period.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}`;
  if (grain === 'month') return [`q|${quarterStart}|${cell}`];
  if (grain === 'quarter') return [`q|${quarterStart}|${cell}`, `y|${year}|${cell}`];
  return [`y|${year}|${cell}`];
}
