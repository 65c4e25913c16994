import { describe, expect, it } from '@jest/globals';
import { dimensionRelations, timeRelations, withheldCells } from './cube-suppression.js';

/** One relation: parts a, b, c... and their total. */
const oneRelation = (people: Record<string, number>) =>
  Object.entries(people).map(([key, n]) => ({ key, people: [n], relations: ['r'] }));

describe('withholding cells of a published table', () => {
  it('withholds nothing when every figure has k people or none', () => {
    expect(withheldCells(oneRelation({ a: 10, b: 0, c: 25, total: 35 }), 10)).toEqual(new Set());
  });

  it('withholds the smallest published cell next to a single small one', () => {
    expect(withheldCells(oneRelation({ a: 3, b: 40, c: 12, total: 55 }), 10)).toEqual(
      new Set(['a', 'c']),
    );
  });

  it('keeps adding until the withheld cells stand for k people together', () => {
    expect(withheldCells(oneRelation({ a: 2, b: 3, c: 4, d: 50, total: 59 }), 10)).toEqual(
      new Set(['a', 'b', 'c', 'd']),
    );
  });

  it('counts a cell small when any of its figures is, and weighs it by its largest', () => {
    const cells = [
      { key: 'a', people: [4, 30], relations: ['r'] },
      { key: 'b', people: [12, 12], relations: ['r'] },
      { key: 'c', people: [20, 20], relations: ['r'] },
    ];
    // a is small by its first figure; with its 30 people b alone completes the pair.
    expect(withheldCells(cells, 10)).toEqual(new Set(['a', 'b']));
  });

  it('follows a complement into the other relations it belongs to', () => {
    // A 2 x 2 table with margins: x1 is small; y1 completes its row; then the columns of x1 and
    // y1 each hold one withheld cell, so x2 and y2 follow.
    const cell = (key: string, people: number, row: string, col: string) => ({
      key,
      people: [people],
      relations: [`row:${row}`, `col:${col}`],
    });
    const cells = [
      cell('x1', 3, '1', 'x'),
      cell('y1', 20, '1', 'y'),
      cell('x2', 30, '2', 'x'),
      cell('y2', 40, '2', 'y'),
      cell('x*', 33, '*', 'x'),
      cell('y*', 60, '*', 'y'),
      cell('*1', 23, '1', '*'),
      cell('*2', 70, '2', '*'),
    ];
    const hidden = withheldCells(cells, 10);
    expect(hidden).toEqual(new Set(['x1', 'y1', 'x2', 'y2']));
    // Every relation: none withheld, or two or more behind at least 10 people.
    const relations = new Set(cells.flatMap((c) => c.relations));
    for (const relation of relations) {
      const withheld = cells.filter((c) => c.relations.includes(relation) && hidden.has(c.key));
      if (withheld.length) {
        expect(withheld.length).toBeGreaterThanOrEqual(2);
        expect(withheld.reduce((sum, c) => sum + c.people[0], 0)).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('is the same whatever order the cells of many relations come in', () => {
    // A 4 x 4 table with margins and several small cells: the greedy choices cross relations.
    const people = [
      [3, 12, 40, 11],
      [25, 4, 13, 30],
      [12, 14, 2, 50],
      [60, 11, 12, 6],
    ];
    const cells = people.flatMap((row, r) =>
      row.map((n, c) => ({ key: `${r}${c}`, people: [n], relations: [`row${r}`, `col${c}`] })),
    );
    for (let r = 0; r < 4; r++)
      cells.push({
        key: `${r}*`,
        people: [people[r].reduce((a, b) => a + b, 0)],
        relations: [`row${r}`, 'col*'],
      });
    for (let c = 0; c < 4; c++)
      cells.push({
        key: `*${c}`,
        people: [people.reduce((sum, row) => sum + row[c], 0)],
        relations: ['row*', `col${c}`],
      });
    const first = withheldCells(cells, 10);
    let seed = 7;
    for (let round = 0; round < 20; round++) {
      const shuffled = [...cells].sort(() => ((seed = (seed * 48271) % 2147483647) % 3) - 1);
      expect(withheldCells(shuffled, 10)).toEqual(first);
    }
  });

  it('is the same whatever order the cells come in', () => {
    const cells = oneRelation({ a: 3, b: 12, c: 12, d: 12, total: 39 });
    expect(withheldCells(cells, 10)).toEqual(withheldCells([...cells].reverse(), 10));
  });
});

describe('relations of a cube cell', () => {
  it('puts a cell with its siblings and their total along each dimension', () => {
    const [bySection] = dimensionRelations('month|2024-05-01', ['P', 'BE2']);
    expect(dimensionRelations('month|2024-05-01', ['Q', 'BE2'])[0]).toBe(bySection);
    expect(dimensionRelations('month|2024-05-01', ['*', 'BE2'])[0]).toBe(bySection);
    expect(dimensionRelations('month|2024-05-01', ['P', 'BE3'])[0]).not.toBe(bySection);
  });

  it('puts months with their quarter and quarters with their year', () => {
    expect(timeRelations('month', '2024-05-01', 'c')).toEqual(
      timeRelations('quarter', '2024-04-01', 'c').slice(0, 1),
    );
    expect(timeRelations('quarter', '2024-10-01', 'c')[1]).toBe(
      timeRelations('year', '2024-01-01', 'c')[0],
    );
    expect(timeRelations('month', '2024-03-01', 'c')).not.toEqual(
      timeRelations('month', '2024-04-01', 'c'),
    );
  });
});
