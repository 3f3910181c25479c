import { rowSlots, windowFor } from './use-row-window';

describe('windowFor', () => {
  it('renders the rows in view plus the overscan', () => {
    // 5,000 rows of 44 px, 440 px in view, scrolled to row 100.
    expect(windowFor(100 * 44, 440, 5000, 44, 8)).toEqual({ first: 92, last: 118 });
  });

  it('clamps at both ends', () => {
    expect(windowFor(0, 440, 5000, 44, 8)).toEqual({ first: 0, last: 18 });
    expect(windowFor(4999 * 44, 440, 5000, 44, 8)).toMatchObject({ last: 5000 });
    expect(windowFor(0, 440, 3, 44, 8)).toEqual({ first: 0, last: 3 });
    expect(windowFor(0, 0, 0, 44, 8)).toEqual({ first: 0, last: 0 });
  });
});

describe('rowSlots', () => {
  const rows = (slots: ReturnType<typeof rowSlots>) =>
    slots.map((s) => (s.kind === 'row' ? s.index : `gap ${s.rows}`));

  it('draws the rows in view between two spacers that stand for the rest', () => {
    expect(rows(rowSlots({ first: 3, last: 6 }, 10, null))).toEqual(['gap 3', 3, 4, 5, 'gap 4']);
    expect(rows(rowSlots({ first: 0, last: 3 }, 3, null))).toEqual([0, 1, 2]);
    expect(rows(rowSlots({ first: 0, last: 0 }, 0, null))).toEqual([]);
  });

  it('keeps the focused row drawn when it is scrolled out of view, above or below', () => {
    expect(rows(rowSlots({ first: 50, last: 53 }, 100, 2))).toEqual([
      'gap 2',
      2,
      'gap 47',
      50,
      51,
      52,
      'gap 47',
    ]);
    expect(rows(rowSlots({ first: 0, last: 2 }, 100, 99))).toEqual([0, 1, 'gap 97', 99]);
    // In view already, or no longer in the list: nothing extra.
    expect(rows(rowSlots({ first: 0, last: 2 }, 10, 1))).toEqual([0, 1, 'gap 8']);
    expect(rows(rowSlots({ first: 0, last: 2 }, 10, 12))).toEqual([0, 1, 'gap 8']);
  });

  it('accounts for every row exactly once', () => {
    const slots = rowSlots({ first: 40, last: 70 }, 5000, 4321);
    const total = slots.reduce((n, s) => n + (s.kind === 'row' ? 1 : s.rows), 0);
    expect(total).toBe(5000);
  });
});
