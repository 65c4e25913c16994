import type { Role } from './roles.js';

/**
 * What a route lets its caller do. Every route declares exactly one permission, or is `@Public()`;
 * the committed route snapshot (test/e2e/__snapshots__) shows every change of access as a diff.
 */
export enum Permission {
  /** Read and change one's own account: profile, password, sessions. */
  OwnAccount = 'own-account',
  /** See organisations within one's scope (members: their own; doctors: the employers they serve). */
  OrganisationsRead = 'organisations:read',
  /** Create and change organisations. */
  OrganisationsManage = 'organisations:manage',
  /** Record an employer's monthly headcount (admin, or HR for its own employer). */
  HeadcountWrite = 'headcount:write',
  /** See service contracts (admin; doctors those of their own service). */
  ServiceContractsRead = 'service-contracts:read',
  /** Create and end service contracts. */
  ServiceContractsManage = 'service-contracts:manage',
  /**
   * See, invite and disable accounts: admins (never a clinician), HR its own employer's HR and
   * employee accounts, a manager its own practice's or service's accounts, clinicians included.
   */
  UsersManage = 'users:manage',
  /** Read the account events (invitations, activations, role changes, disabling) with their actor. */
  AccountEventsRead = 'account-events:read',
  /** See employees in scope (HR: its employer; doctors: served employers; an employee: itself). */
  EmployeesRead = 'employees:read',
  /** Enrol, change and deactivate employees of one's own employer. */
  EmployeesManage = 'employees:manage',
  /** See who accessed an employee's data: the employee, the doctors serving the employer, admins. */
  AccessLogRead = 'access-log:read',
  /** See episodes in scope: functional data for HR and the employee, clinical too for the care team. */
  EpisodesRead = 'episodes:read',
  /** Open an episode (a referral) for an employee of one's own employer. */
  EpisodesManage = 'episodes:manage',
  /** Move an episode through its lifecycle (HR, the care team, a serving doctor). */
  EpisodesTransition = 'episodes:transition',
  /** Put a physiotherapist and an occupational doctor on an episode's care team. */
  CareTeamManage = 'care-team:manage',
  /** Store completed instruments of an episode (care team only). */
  QuestionnairesWrite = 'questionnaires:write',
  /** Read the instruments and scores of an episode (care team only). */
  QuestionnairesRead = 'questionnaires:read',
  /** Record the clinical complaint of an episode (care team only). */
  ComplaintWrite = 'complaint:write',
  /** Record a step of an episode's work status timeline (HR, the care team, a serving doctor). */
  WorkStatusWrite = 'work-status:write',
  /** Record the intake: red-flag screen, rehabilitation potential (care team only). */
  TriageWrite = 'triage:write',
  /** Read the intake and the pathway recommendation (care team only). */
  TriageRead = 'triage:read',
  /** Clear red flags after medical review, releasing the pathway (occupational doctor only). */
  RedFlagsClear = 'red-flags:clear',
  /** Override the recommended pathway with a reason (occupational doctor only). */
  PathwayOverride = 'pathway:override',
  /** Fill in the instruments the care team assigned to oneself (the employee). */
  OwnQuestionnaires = 'questionnaires:own',
  /** Read and mark one's own in-app notifications. */
  OwnInbox = 'inbox:own',
  /** HR's dashboard: the employer's open episodes with their next due item. */
  EmployerDashboard = 'dashboard:employer',
  /** The physiotherapist's caseload. */
  CaseloadDashboard = 'dashboard:caseload',
  /** The occupational doctor's review queue: urgent referrals and plans awaiting review. */
  ReviewDashboard = 'dashboard:review',
  /** Read an episode's plan: the whole plan for the care team, the work track for HR and the employee. */
  PlansRead = 'plans:read',
  /** Draft, change and submit plan versions (the physiotherapist). */
  PlansDraft = 'plans:draft',
  /** Approve a plan version or return it with remarks (the occupational doctor). */
  PlansReview = 'plans:review',
  /** Acknowledge the work track of an approved plan (HR). */
  PlanAcknowledge = 'plans:acknowledge',
  /** Agree to one's own approved plan (the employee). */
  PlanAgree = 'plans:agree',
  /** Read progress: sessions and outcomes for the care team, hours for HR and the employee. */
  ProgressRead = 'progress:read',
  /** Record a treatment session (the physiotherapist). */
  ProgressWrite = 'progress:write',
  /** Record the hours actually worked per week (HR). */
  HoursWrite = 'hours:write',
  /** Read an episode's workplace interventions (functional). */
  InterventionsRead = 'interventions:read',
  /** Add and change workplace interventions (HR, the employer's part). */
  InterventionsManage = 'interventions:manage',
  /** See an episode's checkpoints and trajectory events, with the agenda (functional for HR). */
  CheckpointsRead = 'checkpoints:read',
  /** Move a planned checkpoint with a reason (HR, the care team). */
  CheckpointsManage = 'checkpoints:manage',
  /** Sign off a checkpoint one takes part in. */
  CheckpointSignOff = 'checkpoints:sign-off',
  /** Record a checkpoint's outcome (the care team; HR for the steps that are HR's alone). */
  CheckpointDecide = 'checkpoints:decide',
  /** Record the dated events of a Belgian re-integration trajectory (HR, the occupational doctor). */
  MilestonesRecord = 'milestones:record',
  /** See the checkpoint templates: the rules of the law as data. */
  CheckpointTemplatesRead = 'checkpoint-templates:read',
  /**
   * Plan a timeline from dates alone, without an episode: what the templates make due when for a
   * first sick day (functional, no person): HR, the clinicians and the managers of their practices and services.
   */
  TimelinePlan = 'timeline:plan',
  /** Sector-level complaint trends across all employers (counts only, small cells withheld). */
  SectorReportsRead = 'reports:sector',
  /**
   * An employer's own figures against its sector (HR: its employer; the occupational doctor: the
   * employers its service serves); counts and rates only, never a body region.
   */
  EmployerReportsRead = 'reports:employer',
  /** Belgium's yearly evaluation of an employer's collective re-integration policy. */
  ReintegrationEvaluationRead = 'reports:reintegration-evaluation',
  /** Change the role of an account. */
  RolesManage = 'roles:manage',
}

export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = {
  admin: [
    Permission.OwnAccount,
    Permission.OrganisationsRead,
    Permission.OrganisationsManage,
    Permission.HeadcountWrite,
    Permission.ServiceContractsRead,
    Permission.ServiceContractsManage,
    Permission.UsersManage,
    Permission.RolesManage,
    Permission.AccountEventsRead,
    Permission.AccessLogRead,
    Permission.OwnInbox,
    Permission.CheckpointTemplatesRead,
  ],
  hr: [
    Permission.OwnAccount,
    Permission.EmployerReportsRead,
    Permission.ReintegrationEvaluationRead,
    Permission.OrganisationsRead,
    Permission.HeadcountWrite,
    Permission.UsersManage,
    Permission.EmployeesRead,
    Permission.EmployeesManage,
    Permission.EpisodesRead,
    Permission.EpisodesManage,
    Permission.EpisodesTransition,
    Permission.CareTeamManage,
    Permission.WorkStatusWrite,
    Permission.OwnInbox,
    Permission.EmployerDashboard,
    Permission.PlansRead,
    Permission.PlanAcknowledge,
    Permission.ProgressRead,
    Permission.HoursWrite,
    Permission.InterventionsRead,
    Permission.InterventionsManage,
    Permission.CheckpointsRead,
    Permission.CheckpointsManage,
    Permission.CheckpointSignOff,
    Permission.MilestonesRecord,
    Permission.CheckpointTemplatesRead,
    Permission.CheckpointDecide,
    Permission.TimelinePlan,
  ],
  physio: [
    Permission.OwnAccount,
    Permission.OrganisationsRead,
    Permission.EmployeesRead,
    Permission.EpisodesRead,
    Permission.EpisodesTransition,
    Permission.ComplaintWrite,
    Permission.QuestionnairesWrite,
    Permission.QuestionnairesRead,
    Permission.WorkStatusWrite,
    Permission.TriageWrite,
    Permission.TriageRead,
    Permission.OwnInbox,
    Permission.CaseloadDashboard,
    Permission.PlansRead,
    Permission.PlansDraft,
    Permission.ProgressRead,
    Permission.ProgressWrite,
    Permission.InterventionsRead,
    Permission.CheckpointsRead,
    Permission.CheckpointsManage,
    Permission.CheckpointSignOff,
    Permission.CheckpointDecide,
    Permission.CheckpointTemplatesRead,
    Permission.TimelinePlan,
  ],
  occupational_doctor: [
    Permission.OwnAccount,
    Permission.EmployerReportsRead,
    Permission.ReintegrationEvaluationRead,
    Permission.OrganisationsRead,
    Permission.ServiceContractsRead,
    Permission.EmployeesRead,
    Permission.AccessLogRead,
    Permission.EpisodesRead,
    Permission.EpisodesTransition,
    Permission.CareTeamManage,
    Permission.ComplaintWrite,
    Permission.QuestionnairesWrite,
    Permission.QuestionnairesRead,
    Permission.WorkStatusWrite,
    Permission.TriageWrite,
    Permission.TriageRead,
    Permission.RedFlagsClear,
    Permission.PathwayOverride,
    Permission.OwnInbox,
    Permission.ReviewDashboard,
    Permission.PlansRead,
    Permission.PlansReview,
    Permission.ProgressRead,
    Permission.InterventionsRead,
    Permission.CheckpointsRead,
    Permission.CheckpointsManage,
    Permission.CheckpointSignOff,
    Permission.CheckpointDecide,
    Permission.MilestonesRecord,
    Permission.CheckpointTemplatesRead,
    Permission.TimelinePlan,
  ],
  employee: [
    Permission.OwnAccount,
    Permission.OrganisationsRead,
    Permission.EmployeesRead,
    Permission.AccessLogRead,
    Permission.EpisodesRead,
    Permission.OwnQuestionnaires,
    Permission.OwnInbox,
    Permission.PlansRead,
    Permission.PlanAgree,
    Permission.ProgressRead,
    Permission.InterventionsRead,
    Permission.CheckpointsRead,
    Permission.CheckpointSignOff,
  ],
  analyst: [
    Permission.OwnAccount,
    Permission.OrganisationsRead,
    Permission.OwnInbox,
    Permission.CheckpointTemplatesRead,
    Permission.SectorReportsRead,
  ],
  manager: [
    Permission.OwnAccount,
    Permission.OrganisationsRead,
    Permission.UsersManage,
    Permission.AccountEventsRead,
    Permission.OwnInbox,
    Permission.TimelinePlan,
  ],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
