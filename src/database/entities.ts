import { AuditEvent } from '../common/audit/audit-event.entity.js';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity.js';
import { Employee } from '../modules/employees/entities/employee.entity.js';
import { EmployeeImport } from '../modules/employees/entities/employee-import.entity.js';
import { CareTeamMember } from '../modules/episodes/entities/care-team-member.entity.js';
import { Complaint } from '../modules/episodes/entities/complaint.entity.js';
import { Episode } from '../modules/episodes/entities/episode.entity.js';
import { EpisodeEvent } from '../modules/episodes/entities/episode-event.entity.js';
import { QuestionnaireAssignment } from '../modules/episodes/entities/questionnaire-assignment.entity.js';
import { PsfsActivity } from '../modules/episodes/entities/psfs-activity.entity.js';
import { QuestionnaireResponse } from '../modules/episodes/entities/questionnaire-response.entity.js';
import { WorkStatusPeriod } from '../modules/episodes/entities/work-status-period.entity.js';
import { Notification } from '../modules/notifications/entities/notification.entity.js';
import { PlanVersion } from '../modules/plans/entities/plan-version.entity.js';
import { ProgressEntry } from '../modules/plans/entities/progress-entry.entity.js';
import { WorkplaceIntervention } from '../modules/plans/entities/workplace-intervention.entity.js';
import { PathwayRecommendation } from '../modules/triage/entities/pathway-recommendation.entity.js';
import { TriageAssessment } from '../modules/triage/entities/triage-assessment.entity.js';
import { Membership } from '../modules/identity/entities/membership.entity.js';
import { RecoveryCode } from '../modules/identity/entities/recovery-code.entity.js';
import { RefreshToken } from '../modules/identity/entities/refresh-token.entity.js';
import { User } from '../modules/identity/entities/user.entity.js';
import { UserToken } from '../modules/identity/entities/user-token.entity.js';
import { TrustedDevice } from '../modules/identity/entities/trusted-device.entity.js';
import { QueueHeartbeat } from '../modules/maintenance/entities/queue-heartbeat.entity.js';
import { EmployerHeadcount } from '../modules/organisations/entities/employer-headcount.entity.js';
import { Organisation } from '../modules/organisations/entities/organisation.entity.js';
import { ServiceContract } from '../modules/organisations/entities/service-contract.entity.js';

import { CheckpointMove } from '../modules/checkpoints/entities/checkpoint-move.entity.js';
import { CheckpointReminder } from '../modules/checkpoints/entities/checkpoint-reminder.entity.js';
import { CheckpointSignoff } from '../modules/checkpoints/entities/checkpoint-signoff.entity.js';
import { CheckpointTemplate } from '../modules/checkpoints/entities/checkpoint-template.entity.js';
import { Checkpoint } from '../modules/checkpoints/entities/checkpoint.entity.js';
import { EpisodeMilestone } from '../modules/checkpoints/entities/episode-milestone.entity.js';
import { ReportCell } from '../modules/reports/entities/report-cell.entity.js';
import { ReportOutcome } from '../modules/reports/entities/report-outcome.entity.js';
import { ReportPopulation } from '../modules/reports/entities/report-population.entity.js';
import { ReportRefresh } from '../modules/reports/entities/report-refresh.entity.js';
import { CapturedMail } from '../modules/notifications/entities/captured-mail.entity.js';
import { OutboxEvent } from '../common/outbox/outbox-event.entity.js';

/** Every entity of the platform. Listed explicitly so app, CLI and tests load the same set. */
export const ENTITIES = [
  Organisation,
  EmployerHeadcount,
  ServiceContract,
  User,
  Membership,
  RefreshToken,
  UserToken,
  RecoveryCode,
  TrustedDevice,
  Employee,
  EmployeeImport,
  Episode,
  EpisodeEvent,
  CareTeamMember,
  Complaint,
  QuestionnaireResponse,
  QuestionnaireAssignment,
  PsfsActivity,
  WorkStatusPeriod,
  TriageAssessment,
  PathwayRecommendation,
  PlanVersion,
  ProgressEntry,
  WorkplaceIntervention,
  IdempotencyKey,
  Notification,
  AuditEvent,
  QueueHeartbeat,
  CheckpointTemplate,
  EpisodeMilestone,
  Checkpoint,
  CheckpointMove,
  CheckpointSignoff,
  CheckpointReminder,
  OutboxEvent,
  CapturedMail,
  ReportCell,
  ReportPopulation,
  ReportOutcome,
  ReportRefresh,
];
