import type { DataSource, EntityManager } from 'typeorm';
import { selectRows, sql } from '../../database/sql.js';
import type { CheckpointTemplateDefinition } from './timeline.js';

/** A stored template version: its row id and the definition the date math reads. */
export interface StoredCheckpointTemplate {
  id: string;
  definition: CheckpointTemplateDefinition;
}

interface TemplateRow {
  id: string;
  code: string;
  version: number;
  category: CheckpointTemplateDefinition['category'];
  jurisdiction: CheckpointTemplateDefinition['jurisdiction'];
  legal_source: string;
  select_by: CheckpointTemplateDefinition['selectBy'];
  valid_from: string;
  valid_to: string | null;
  rules: CheckpointTemplateDefinition['rules'];
}

/**
 * Reads `checkpoint_template`, the rules of the law (and of the clinical guideline) as data:
 * every version of every family, with its validity dates as calendar dates. Whoever plans
 * checkpoints reads the templates here, so an episode and a plan made without one follow the
 * same stored versions.
 */
export async function storedCheckpointTemplates(
  db: DataSource | EntityManager,
): Promise<StoredCheckpointTemplate[]> {
  const rows = await selectRows<TemplateRow>(
    db,
    sql`SELECT id, code, version, category, jurisdiction, legal_source, select_by,
               to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
               to_char(valid_to, 'YYYY-MM-DD') AS valid_to, rules
          FROM checkpoint_template
         ORDER BY code, version`,
  );
  return rows.map((row) => ({
    id: row.id,
    definition: {
      code: row.code,
      version: row.version,
      category: row.category,
      jurisdiction: row.jurisdiction,
      legalSource: row.legal_source,
      selectBy: row.select_by,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      rules: row.rules,
    },
  }));
}
