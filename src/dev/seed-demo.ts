import pg from 'pg';

/**
 * Demo organisations with fixed ids, so seeding twice changes nothing: two employers in different
 * NACE sectors (education and cleaning services, both among the fastest-growing for complaints),
 * a physiotherapy practice and an occupational health service.
 */
export const DEMO_ORGANISATIONS = [
  {
    id: '00000000-0000-4000-8000-000000000101',
    kind: 'employer',
    name: 'Scholengroep Leie en Schelde',
    naceSection: 'P',
    naceCode: '85.31',
  },
  {
    id: '00000000-0000-4000-8000-000000000102',
    kind: 'employer',
    name: 'Schoonmaakdiensten Noord BV',
    naceSection: 'N',
    naceCode: '81.21',
  },
  {
    id: '00000000-0000-4000-8000-000000000201',
    kind: 'physio_practice',
    name: 'Kinesitherapie Beweegkracht',
    naceSection: null,
    naceCode: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000301',
    kind: 'occupational_health_service',
    name: 'Arbodienst Preventa',
    naceSection: null,
    naceCode: null,
  },
] as const;

export async function seedDemo(databaseUrl: string): Promise<{ organisations: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let inserted = 0;
    for (const org of DEMO_ORGANISATIONS) {
      const result = await client.query(
        `INSERT INTO organisation (id, kind, name, nace_section, nace_code, nace_version, version)
         VALUES ($1, $2, $3, $4, $5, $6, 1)
         ON CONFLICT (id) DO NOTHING`,
        [
          org.id,
          org.kind,
          org.name,
          org.naceSection,
          org.naceCode,
          org.naceCode ? 'NACE_REV2' : null,
        ],
      );
      inserted += result.rowCount ?? 0;
    }
    return { organisations: inserted };
  } finally {
    await client.end();
  }
}
