import { Foundation1764100000000 } from './1764100000000-Foundation.js';
import { Identity1795635911650 } from './1795635911650-Identity.js';
import { AccountSecurity1795636248700 } from './1795636248700-AccountSecurity.js';
import { RuntimeRole1795640000000 } from './1795640000000-RuntimeRole.js';
import { Employees1795641000000 } from './1795641000000-Employees.js';
import { Episodes1795642000000 } from './1795642000000-Episodes.js';
import { EpisodeLifecycle1795643000000 } from './1795643000000-EpisodeLifecycle.js';
import { QuestionnaireResponses1795644000000 } from './1795644000000-QuestionnaireResponses.js';
import { IntakeAndPathway1795645000000 } from './1795645000000-IntakeAndPathway.js';
import { Plans1795646000000 } from './1795646000000-Plans.js';
import { IdempotencyKeys1795647000000 } from './1795647000000-IdempotencyKeys.js';
import { Progress1795648000000 } from './1795648000000-Progress.js';
import { WorkplaceInterventions1795649000000 } from './1795649000000-WorkplaceInterventions.js';
import { Checkpoints1795650000000 } from './1795650000000-Checkpoints.js';
import { ComplaintTrends1795651000000 } from './1795651000000-ComplaintTrends.js';
import { ReportCube1795652000000 } from './1795652000000-ReportCube.js';
import { ReportRefresh1795653000000 } from './1795653000000-ReportRefresh.js';
import { EpisodeNextDue1795654000000 } from './1795654000000-EpisodeNextDue.js';
import { AccountTrust1795656000000 } from './1795656000000-AccountTrust.js';
import { EpisodeOpenIndexStatus1795655000000 } from './1795655000000-EpisodeOpenIndexStatus.js';
import { WorkStatusRestrictionsShape1795657290000 } from './1795657290000-WorkStatusRestrictionsShape.js';
import { EmployeeImportOnePending1795658000000 } from './1795658000000-EmployeeImportOnePending.js';
import { PsfsActivities1795660000000 } from './1795660000000-PsfsActivities.js';
import { EmployerRegion1795661000000 } from './1795661000000-EmployerRegion.js';
import { AbsenceClockAndEpisodeHistory1795662000000 } from './1795662000000-AbsenceClockAndEpisodeHistory.js';
import { OutboxDoneWhenDone1795663500000 } from './1795663500000-OutboxDoneWhenDone.js';
import { CapturedMailOnce1795664000000 } from './1795664000000-CapturedMailOnce.js';
import { MailClaimedBeforeSending1795665000000 } from './1795665000000-MailClaimedBeforeSending.js';

/**
 * Every migration, in order. A migration file that is not listed here fails the test suite
 * (test/integration/migrations.spec.ts), so generated files cannot be forgotten.
 */
export const MIGRATIONS = [
  Foundation1764100000000,
  Identity1795635911650,
  AccountSecurity1795636248700,
  RuntimeRole1795640000000,
  Employees1795641000000,
  Episodes1795642000000,
  EpisodeLifecycle1795643000000,
  QuestionnaireResponses1795644000000,
  IntakeAndPathway1795645000000,
  Plans1795646000000,
  IdempotencyKeys1795647000000,
  Progress1795648000000,
  WorkplaceInterventions1795649000000,
  Checkpoints1795650000000,
  ComplaintTrends1795651000000,
  ReportCube1795652000000,
  ReportRefresh1795653000000,
  EpisodeNextDue1795654000000,
  EpisodeOpenIndexStatus1795655000000,
  AccountTrust1795656000000,
  WorkStatusRestrictionsShape1795657290000,
  EmployeeImportOnePending1795658000000,
  PsfsActivities1795660000000,
  EmployerRegion1795661000000,
  AbsenceClockAndEpisodeHistory1795662000000,
  OutboxDoneWhenDone1795663500000,
  CapturedMailOnce1795664000000,
  MailClaimedBeforeSending1795665000000,
];
