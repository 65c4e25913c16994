import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Role } from '../../../common/auth/roles.js';

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const LOCALES = ['nl', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const REGISTRATION_SCHEMES = ['big', 'riziv'] as const;
/** The professional register: BIG (the Netherlands), RIZIV/INAMI (Belgium). */
export type RegistrationScheme = (typeof REGISTRATION_SCHEMES)[number];

/**
 * A person who signs in. The role decides what they may do; memberships decide where. An address
 * belongs to the one active account that signs in with it; before that several organisations may
 * each have invited it, and none learns of the others.
 */
@Entity({ name: 'app_user' })
@Index('IDX_app_user_email', ['email'])
@Index('UQ_app_user_email_claimed', ['email'], { unique: true, where: `"status" = 'active'` })
@Index('UQ_app_user_registration', ['registrationScheme', 'registrationNumber'], {
  unique: true,
  where: `"status" <> 'disabled'`,
})
@Check('CHK_app_user_email', `"email" = lower("email") AND "email" LIKE '%_@_%'`)
@Check(
  'CHK_app_user_role',
  `"role" IN ('admin', 'hr', 'physio', 'occupational_doctor', 'employee', 'analyst', 'manager')`,
)
@Check(
  'CHK_app_user_registration',
  `("registration_scheme" IS NULL) = ("registration_number" IS NULL)
        AND ("registration_scheme" IS NULL OR ("registration_scheme" IN ('big', 'riziv') AND "registration_number" ~ '^[0-9]{11}$'))`,
)
@Check('CHK_app_user_status', `"status" IN ('invited', 'active', 'disabled')`)
@Check('CHK_app_user_locale', `"locale" IN ('nl', 'fr', 'en')`)
@Check('CHK_app_user_active_password', `"status" <> 'active' OR "password_hash" IS NOT NULL`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_app_user' })
  id: string;

  @Column({ name: 'email', type: 'text' })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'role', type: 'text' })
  role: Role;

  @Column({ name: 'status', type: 'text' })
  status: UserStatus;

  @Column({ name: 'locale', type: 'text', default: 'en' })
  locale: Locale;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /** TOTP secret, encrypted with DATA_ENCRYPTION_KEY (AES-256-GCM); set at enrolment. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret: string | null;

  /** When enrolment was confirmed with a first valid code; until then the factor is not active. */
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** Time step of the last accepted code: the same code cannot be used twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep: string | null;

  /**
   * Goes up whenever every earlier access token must stop working (a password change or reset, a
   * refresh token presented twice); access tokens carry the generation they were issued in.
   */
  @Column({ name: 'session_generation', type: 'integer', default: 1 })
  sessionGeneration: number;

  /** Professional register of a clinician's account; required for physiotherapists and doctors. */
  @Column({ name: 'registration_scheme', type: 'text', nullable: true })
  registrationScheme: RegistrationScheme | null;

  /** The registration number in that register, 11 digits. */
  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
