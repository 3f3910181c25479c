import { windowFor } from './use-row-window';

describe('windowFor', () => {
  it('renders the rows in view plus the overscan, with spacers for the rest', () => {
    // 5,000 rows of 44 px, 440 px in view, scrolled to row 100.
    const w = windowFor(100 * 44, 440, 5000, 44, 8);
    expect(w).toEqual({
      first: 92,
      last: 118,
      paddingTop: 92 * 44,
      paddingBottom: (5000 - 118) * 44,
    });
  });

  it('clamps at both ends', () => {
    expect(windowFor(0, 440, 5000, 44, 8)).toMatchObject({ first: 0, last: 18, paddingTop: 0 });
    expect(windowFor(4999 * 44, 440, 5000, 44, 8)).toMatchObject({ last: 5000, paddingBottom: 0 });
    expect(windowFor(0, 440, 3, 44, 8)).toEqual({
      first: 0,
      last: 3,
      paddingTop: 0,
      paddingBottom: 0,
    });
    expect(windowFor(0, 0, 0, 44, 8)).toEqual({
      first: 0,
      last: 0,
      paddingTop: 0,
      paddingBottom: 0,
    });
  });
});
