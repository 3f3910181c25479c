import { boardCsv, csvField, csvFileName, CSV_HEADER } from './board-csv';
import { boardKey, type BoardOrg, type RowStatus } from './board-rows';
import { parseCsv } from '@/testing/parse-csv';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('The "Best" Org')).toBe('"The ""Best"" Org"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('boardCsv', () => {
  const T = Date.parse('2026-01-10T10:00:00.000Z');
  const org = (name: string, id: string): BoardOrg => ({
    key: boardKey('cloudmanager', id),
    source: 'cloudmanager',
    id,
    name,
    fleet: {
      upstream: 'cloudmanager',
      orgId: id,
      name,
      status: null,
      statusSince: null,
      lastCheckedAt: null,
      lastSuccessAt: null,
      lastError: null,
    },
  });
  const view: RowStatus = {
    status: 'ERROR',
    label: 'Check failed: rate limited',
    known: 'SYNCED',
    since: T - 60_000,
    lastCheckedAt: T,
    error: { code: 'RATE_LIMITED', detail: 'Too many requests, slow down.' },
  };

  it('writes a header and one record per row that read back as the rows were', () => {
    const rows = [
      { org: org('Weird, "quoted"\nname', '5f0000000000000000000001'), view },
      {
        org: org('=cmd|calc', '5f0000000000000000000002'),
        view: {
          ...view,
          status: 'UNCHECKED' as const,
          label: undefined,
          since: null,
          lastCheckedAt: null,
          error: null,
        },
      },
    ];
    const text = boardCsv(rows);
    expect(text.startsWith('\uFEFFSource,Name,ID,Status,Since,Last checked,Last error\r\n')).toBe(
      true,
    );
    expect(parseCsv(text)).toEqual([
      [...CSV_HEADER],
      [
        'Cloud Manager',
        'Weird, "quoted"\nname',
        '5f0000000000000000000001',
        'Check failed: rate limited',
        '2026-01-10T09:59:00.000Z',
        '2026-01-10T10:00:00.000Z',
        'RATE_LIMITED: Too many requests, slow down.',
      ],
      ['Cloud Manager', "'=cmd|calc", '5f0000000000000000000002', 'Not checked', '', '', ''],
    ]);
  });

  it('names the file after the day', () => {
    expect(csvFileName(new Date(2026, 0, 5, 23, 59))).toBe('organizations-2026-01-05.csv');
  });
});
