/**
 * A deterministic employee CSV of any size with a share of bad rows of several kinds, and the
 * lines and columns where they are. The import tests, the benchmark and the demo use it.
 */
export interface SampleCsv {
  text: string;
  /** The good rows, as a plain comma-separated body without header (for `COPY ... CSV`). */
  goodRowsCsv: string;
  goodCount: number;
  /** Every bad row: its line in the file and the column at fault (null: the row's shape). */
  bad: { line: number; field: string | null }[];
}

const FIRST_NAMES = [
  'An',
  'Bram',
  'Chloé',
  'Daan',
  'Els',
  'Fatima',
  'Gert',
  'Hanne',
  'Ilse',
  'Joris',
];
const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'De Vries', 'Jacobs', 'Mertens', 'Willems'];
const TITLES = ['Teacher', 'Nurse', 'Warehouse operator', 'Caretaker', 'Clerk', 'Driver'];
const DEMANDS = ['lifting', 'sitting', 'standing', 'screen_work', 'repetitive_arm_work'];

/** Bad row kinds in turn: each breaks one rule the importer checks. */
const BAD_KINDS: { field: string | null; cells: (n: number) => string[] }[] = [
  { field: 'birth_year', cells: (n) => [`B-${n}`, 'Bad Year', '1850', '38', 'Clerk', '', ''] },
  { field: 'contract_hours', cells: (n) => [`B-${n}`, 'Bad Hours', '1980', '75', 'Clerk', '', ''] },
  { field: 'full_name', cells: (n) => [`B-${n}`, '', '1980', '38', 'Clerk', '', ''] },
  {
    field: 'physical_demands',
    cells: (n) => [`B-${n}`, 'Bad Demand', '1980', '38', 'Clerk', 'juggling', ''],
  },
  {
    field: 'employee_number',
    cells: () => ['no spaces allowed', 'Bad Number', '1980', '38', 'Clerk', '', ''],
  },
  { field: null, cells: (n) => [`B-${n}`, 'Short Row', '1980'] },
];

/** Mulberry32: a small seeded generator, so every run builds the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quoted(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function sampleEmployeeCsv(rows: number, badShare = 0.03, seed = 42): SampleCsv {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const lines = [
    'employee_number,full_name,birth_year,contract_hours,job_title,physical_demands,department',
  ];
  const good: string[] = [];
  const bad: SampleCsv['bad'] = [];
  for (let i = 1; i <= rows; i++) {
    const line = i + 1;
    // Bad rows spread evenly: exactly floor(rows x badShare) of them.
    if (Math.floor(i * badShare) > Math.floor((i - 1) * badShare)) {
      const kind = BAD_KINDS[bad.length % BAD_KINDS.length];
      lines.push(kind.cells(i).map(quoted).join(','));
      bad.push({ line, field: kind.field });
      continue;
    }
    const demands = DEMANDS.filter(() => next() < 0.3);
    const hours = pick([19, 24, 30.4, 32, 36, 38, 38, 38, 40]);
    const cells = [
      `E-${String(i).padStart(6, '0')}`,
      `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      String(1960 + Math.floor(next() * 45)),
      String(hours),
      pick(TITLES),
      demands.join('|'),
      next() < 0.5 ? `Site ${1 + Math.floor(next() * 9)}` : '',
    ];
    lines.push(cells.map(quoted).join(','));
    good.push(
      [cells[0], cells[1], cells[2], cells[3], cells[4], `{${demands.join(',')}}`, cells[6]]
        .map(quoted)
        .join(','),
    );
  }
  return {
    text: `${lines.join('\n')}\n`,
    goodRowsCsv: `${good.join('\n')}\n`,
    goodCount: good.length,
    bad,
  };
}
