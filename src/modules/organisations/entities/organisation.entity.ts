import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const ORGANISATION_KINDS = [
  'employer',
  'physio_practice',
  'occupational_health_service',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Classification system the sector code belongs to; a revision is a new value, never a rewrite. */
export const NACE_VERSIONS = ['NACE_REV2'] as const;
export type NaceVersion = (typeof NACE_VERSIONS)[number];

/**
 * An employer, a physiotherapy practice or an occupational health service. Employers carry their
 * NACE sector (section letter and class code, with the classification version) and their NUTS
 * region for sector reports.
 */
@Entity({ name: 'organisation' })
@Check(
  'CHK_organisation_kind',
  `"kind" IN ('employer', 'physio_practice', 'occupational_health_service')`,
)
@Check(
  'CHK_organisation_employer_nace',
  `("kind" = 'employer') = ("nace_code" IS NOT NULL AND "nace_section" IS NOT NULL AND "nace_version" IS NOT NULL)`,
)
@Check('CHK_organisation_nace_code', `"nace_code" ~ '^[0-9]{2}(\\.[0-9]{1,2})?$'`)
@Check('CHK_organisation_nace_section', `"nace_section" ~ '^[A-U]$'`)
@Check('CHK_organisation_region', `"region" ~ '^(BE|NL)[0-9A-Z]{1,3}$'`)
@Check('CHK_organisation_employer_region', `"kind" <> 'employer' OR "region" IS NOT NULL`)
@Check('CHK_organisation_name', `length(btrim("name")) BETWEEN 1 AND 200`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_organisation' })
  id: string;

  @Column({ name: 'kind', type: 'text' })
  kind: OrganisationKind;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'nace_section', type: 'char', length: 1, nullable: true })
  naceSection: string | null;

  @Column({ name: 'nace_code', type: 'text', nullable: true })
  naceCode: string | null;

  @Column({ name: 'nace_version', type: 'text', nullable: true })
  naceVersion: NaceVersion | null;

  /**
   * NUTS 2021 level-1 region of an employer (BE2 Vlaams Gewest, NL3 West-Nederland: see nuts.ts),
   * for sector reports. Required of every employer written since it could be set; an employer
   * made before then keeps none until it is next changed (the constraint is not validated for
   * the rows it found), and reports count it under `unknown`.
   */
  @Column({ name: 'region', type: 'text', nullable: true })
  region: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
