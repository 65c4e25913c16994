/**
 * Demo stories: episodes of Scholengroep Leie en Schelde at every stage of the lifecycle, so that
 * each role's screens have something to show. They are played through the HTTP API of the running
 * demo, as HR, the demo physiotherapist and the demo doctor, so the same validation, access
 * checks, audit, outbox, checkpoint planning and notifications run as for people using it.
 *
 * Idempotent: a story is played once, for an employee number it enrols; an employee with that
 * number (current or a leaver) means the story is there. Dates count back from today, so a demo
 * started on any day shows weeks of progress behind the active episodes.
 */
import { randomUUID } from 'node:crypto';
import { addDays, isoWeekday, todayIn } from '../common/dates/calendar.js';
import { TOTP_PERIOD_SECONDS, totpCode } from '../modules/identity/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS, DEMO_USERS } from './seed-demo.js';

/** Every story's employee number starts so; the seed's own employees are SLS-0001 to SLS-0003. */
const STORY_NUMBER_PREFIX = 'SLS-01';
const REQUEST_TIMEOUT_MS = 15_000;
const TOTP_PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface DemoStoriesResult {
  /** Stories played now. */
  created: number;
  /** Stories found from an earlier run. */
  existing: number;
  /** Stories that stopped at a step the API refused (each logged). */
  failed: number;
}

/**
 * Plays every demo story not played before. Never rejects: a refusal stops its story only, and is
 * logged as one line naming the request and the API's problem code and detail (never a request
 * or response body, which may hold clinical text).
 */
export async function seedDemoStories(
  apiBaseUrl: string,
  log: (line: string) => void,
): Promise<DemoStoriesResult> {
  const result: DemoStoriesResult = { created: 0, existing: 0, failed: 0 };
  const stories = demoStories(storyCalendar(todayIn()));
  try {
    const hr = await signIn(apiBaseUrl, demoUser('hr').email);
    const onRecord = await storyNumbersOnRecord(hr);
    const toPlay = stories.filter((story) => !onRecord.has(story.employee.employeeNumber));
    result.existing = stories.length - toPlay.length;
    if (!toPlay.length) return result;
    const cast = await signInCast(apiBaseUrl, hr);
    for (const story of toPlay) {
      if (await playStory(cast, story, log)) result.created += 1;
      else result.failed += 1;
    }
  } catch (error) {
    log(`demo stories: not seeded: ${describeFailure(error)}`);
    result.failed = stories.length - result.created - result.existing;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// A small client of the API
// ---------------------------------------------------------------------------------------------

/** A refusal of the API, with what the log may show of it. */
class ApiRefusal extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: string[],
  ) {
    super(`${request} answered ${status} ${code}`);
  }
}

interface SendOptions {
  /** The version the resource was read at: sent as `If-Match: W/"<version>"`. */
  ifMatch?: number;
  /** Sends a fresh Idempotency-Key, as a client that may retry a creating request does. */
  idempotent?: boolean;
}

/** One signed-in account's requests, with its access token. */
class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly accessToken: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  async send<T>(
    method: string,
    path: string,
    body?: unknown,
    options: SendOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.accessToken}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['If-Match'] = `W/"${options.ifMatch}"`;
    if (options.idempotent) headers['Idempotency-Key'] = randomUUID();
    return request<T>(`${this.baseUrl}${path}`, { method, headers, body: json(body) });
  }
}

/** The request, answered with its JSON body; a problem answer becomes an ApiRefusal. */
async function request<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (response.ok) return body as T;
  const problem = (body ?? {}) as { code?: string; detail?: string; errors?: { field: string }[] };
  throw new ApiRefusal(
    `${init.method} ${new URL(url).pathname.replace(UUID, '{id}')}`,
    response.status,
    problem.code ?? 'unknown',
    problem.detail ?? response.statusText,
    // The first segment only: deeper ones may name a clinical code (redFlags.<flag>).
    [...new Set((problem.errors ?? []).map((error) => error.field.split('.')[0]))],
  );
}

function json(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}

/** One line for the log: the request and the API's code and detail, or the error's message. */
function describeFailure(error: unknown): string {
  if (error instanceof ApiRefusal) {
    const fields = error.fields.length ? ` (${error.fields.join(', ')})` : '';
    return `${error.request}: ${error.status} ${error.code}: ${error.detail}${fields}`;
  }
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// The cast: HR, the physiotherapist and the doctor of the demo, each signed in once
// ---------------------------------------------------------------------------------------------

interface Cast {
  hr: ApiClient;
  physio: ApiClient;
  doctor: ApiClient;
  physioId: string;
  doctorId: string;
}

function demoUser(role: 'hr' | 'physio' | 'occupational_doctor') {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`the demo has no ${role} account`);
  return user;
}

async function signInCast(apiBaseUrl: string, hr: ApiClient): Promise<Cast> {
  const physio = demoUser('physio');
  const doctor = demoUser('occupational_doctor');
  return {
    hr,
    physio: await signIn(apiBaseUrl, physio.email, DEMO_TOTP_SECRETS.physio),
    doctor: await signIn(apiBaseUrl, doctor.email, DEMO_TOTP_SECRETS.occupational_doctor),
    physioId: physio.id,
    doctorId: doctor.id,
  };
}

/**
 * Signs a demo account in, a clinician with a code of their second factor sent with the log-in.
 * A code works once per 30-second step and account, so the code of the step before is tried first
 * (the API accepts one step either side): the current step stays free for a person or a test
 * signing in right after the demo starts. Should that step be used, the current one is tried, and
 * then the next, once it has begun. The one access token lasts the stories (15 minutes).
 */
async function signIn(apiBaseUrl: string, email: string, totpSecret?: string): Promise<ApiClient> {
  const login = (totp?: string) =>
    request<{ accessToken: string }>(`${apiBaseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: json({ email, password: DEMO_PASSWORD, ...(totp ? { totpCode: totp } : {}) }),
    });
  if (!totpSecret) return new ApiClient(apiBaseUrl, (await login()).accessToken);
  let refusal: unknown;
  for (const step of [-1, 0, 1]) {
    if (step > 0) await untilNextTotpStep();
    try {
      const tokens = await login(totpCode(totpSecret, Date.now() + step * TOTP_PERIOD_MS));
      return new ApiClient(apiBaseUrl, tokens.accessToken);
    } catch (error) {
      if (!(error instanceof ApiRefusal && error.status === 401)) throw error;
      refusal = error;
    }
  }
  throw refusal;
}

function untilNextTotpStep(): Promise<void> {
  const wait = TOTP_PERIOD_MS - (Date.now() % TOTP_PERIOD_MS) + 500;
  return new Promise((resolve) => setTimeout(resolve, wait));
}

/** The employee numbers of the stories already enrolled, current employees and leavers alike. */
async function storyNumbersOnRecord(hr: ApiClient): Promise<Set<string>> {
  const numbers = new Set<string>();
  for (const active of [true, false]) {
    const page = await hr.get<{ items: { employeeNumber: string }[] }>(
      `/employees?search=${STORY_NUMBER_PREFIX}&active=${active}&limit=200`,
    );
    for (const employee of page.items) numbers.add(employee.employeeNumber);
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Stories
// ---------------------------------------------------------------------------------------------

interface StoryEmployee {
  employeeNumber: string;
  fullName: string;
  birthYear: number;
  contractHours: number;
  jobTitle: string;
  physicalDemands: string[];
  department: string;
}

interface Story {
  /** The stage it shows, for the log: functional words only. */
  stage: string;
  employee: StoryEmployee;
  /** Everything after the enrolment, as the parties would do it. */
  play: (cast: Cast, employeeId: string) => Promise<void>;
}

/** HR enrols the story's employee, then the story plays; false (logged) when the API refused. */
async function playStory(cast: Cast, story: Story, log: (line: string) => void): Promise<boolean> {
  try {
    const employee = await cast.hr.send<{ id: string }>('POST', '/employees', story.employee);
    await story.play(cast, employee.id);
    return true;
  } catch (error) {
    const who = `${story.employee.employeeNumber} (${story.stage})`;
    log(`demo stories: ${who} stopped at ${describeFailure(error)}`);
    return false;
  }
}

/** Days counted from today: `ago(n)` days back, `monday(n)` the Monday n weeks on (or back). */
interface StoryCalendar {
  today: string;
  ago: (days: number) => string;
  monday: (weeks: number) => string;
}

function storyCalendar(today: string): StoryCalendar {
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  return {
    today,
    ago: (days) => addDays(today, -days),
    monday: (weeks) => addDays(thisMonday, 7 * weeks),
  };
}

/**
 * The stories, one employee each: referred; an urgent referral awaiting the doctor; intake done
 * with a plan in draft; a plan submitted; active on plan and behind schedule; active and on track
 * (the Dutch one); monitoring after a held full return; closed with a full return.
 */
function demoStories(days: StoryCalendar): Story[] {
  const { ago, monday } = days;
  return [
    {
      stage: 'referred',
      employee: teacher('SLS-0101', 'Lien Vermeulen', 1990, 'Campus Zuid'),
      play: async (cast, employeeId) => {
        await openEpisode(cast, employeeId, { jurisdiction: 'BE', absenceStart: ago(4) });
      },
    },
    {
      stage: 'intake, awaiting the doctor',
      employee: {
        ...teacher('SLS-0102', 'Jens De Smet', 1969, 'Campus Noord'),
        jobTitle: 'Caretaker',
        physicalDemands: ['lifting', 'standing'],
      },
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(12),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'low_back',
          side: 'central',
          takenOn: ago(2),
          redFlagsPresent: ['night_pain'],
          potential: 'moderate',
        });
      },
    },
    {
      stage: 'intake, plan in draft',
      employee: {
        ...teacher('SLS-0103', 'Wout Claessens', 1987, 'Campus Zuid'),
        jobTitle: 'ICT coordinator',
        physicalDemands: ['sitting', 'screen_work'],
      },
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(9),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'shoulder',
          side: 'right',
          takenOn: ago(1),
          potential: 'good',
          expectedFullReturn: monday(6),
        });
        await draftPlan(cast, episodeId, {
          startDate: monday(1),
          targetFullReturn: monday(6),
          exercise: WALL_SLIDES,
          workTrack: [week(monday(1), 50, SCREEN_LIMITS), week(monday(3), 75, SCREEN_LIMITS)],
        });
      },
    },
    {
      stage: 'plan submitted for approval',
      employee: teacher('SLS-0104', 'Sofie Maes', 1984, 'Campus Noord'),
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(19),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'neck',
          side: 'right',
          takenOn: ago(5),
          potential: 'good',
          expectedFullReturn: monday(7),
        });
        const plan = await draftPlan(cast, episodeId, {
          startDate: monday(1),
          targetFullReturn: monday(7),
          exercise: CHIN_TUCKS,
          workTrack: [week(monday(1), 50, CLASS_LIMITS), week(monday(4), 75, CLASS_LIMITS)],
        });
        await submitPlan(cast, episodeId, plan);
        await addIntervention(cast, episodeId, {
          kind: 'adapted_tasks',
          description: 'Timetable without playground duty for the first weeks back',
          owner: 'Deputy head, Campus Noord',
          dueOn: monday(1),
        });
      },
    },
    {
      stage: 'active, behind schedule',
      employee: {
        ...teacher('SLS-0105', 'Koen Willems', 1979, 'Sporthal Campus Zuid'),
        jobTitle: 'Physical education teacher',
        physicalDemands: ['lifting', 'standing'],
      },
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(40),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'low_back',
          side: 'central',
          takenOn: ago(36),
          potential: 'good',
          expectedFullReturn: monday(3),
        });
        const plan = await approvedPlan(cast, episodeId, {
          startDate: monday(-4),
          targetFullReturn: monday(3),
          exercise: BRIDGING,
          workTrack: [week(monday(-4), 50, GYM_LIMITS), week(monday(-1), 75, GYM_LIMITS)],
        });
        await recordWorkSteps(cast, episodeId, [
          { effectiveFrom: monday(-4), status: 'partial', percentOfContract: 50 },
          { effectiveFrom: monday(-1), status: 'partial', percentOfContract: 75 },
        ]);
        // On quota, then short of it two weeks running; the hours fall short the same weeks.
        await recordSessions(cast, episodeId, plan, [
          [addDays(monday(-4), 1), 1],
          [addDays(monday(-3), 1), 0],
          [addDays(monday(-2), 1), -2],
          [addDays(monday(-1), 1), -3],
        ]);
        await recordHours(cast, episodeId, [
          [monday(-4), 19],
          [monday(-3), 19],
          [monday(-2), 15],
          [monday(-1), 21],
        ]);
        await completeCheckpoint(cast, episodeId, 'clinical_week_2');
        await addIntervention(cast, episodeId, {
          kind: 'adapted_tasks',
          description: 'Gym lessons given from the side-line; no carrying of equipment',
          owner: 'Head of physical education',
          dueOn: monday(-4),
          status: 'in_progress',
        });
        await addIntervention(cast, episodeId, {
          kind: 'supervisor_coaching',
          description: 'Weekly talk with the campus director about the agreed tasks',
          owner: 'Campus director, Campus Zuid',
          dueOn: monday(1),
        });
      },
    },
    {
      stage: 'active, on track',
      employee: {
        ...teacher('SLS-0106', 'Annelies Goossens', 1975, 'Secretariaat'),
        contractHours: 32,
        jobTitle: 'Administrative assistant',
        physicalDemands: ['sitting', 'screen_work'],
      },
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'NL',
          absenceStart: ago(33),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'neck',
          side: 'central',
          takenOn: ago(28),
          potential: 'good',
          expectedFullReturn: monday(4),
        });
        await completeCheckpoint(cast, episodeId, 'nl_absence_report');
        const plan = await approvedPlan(cast, episodeId, {
          startDate: monday(-3),
          targetFullReturn: monday(4),
          exercise: CHIN_TUCKS,
          workTrack: [week(monday(-3), 50, SCREEN_LIMITS), week(monday(1), 75, SCREEN_LIMITS)],
        });
        await recordWorkSteps(cast, episodeId, [
          { effectiveFrom: monday(-3), status: 'partial', percentOfContract: 50 },
        ]);
        await recordSessions(cast, episodeId, plan, [
          [addDays(monday(-3), 2), 1],
          [addDays(monday(-2), 2), 2],
          [addDays(monday(-1), 2), 1],
        ]);
        await recordHours(cast, episodeId, [
          [monday(-3), 16],
          [monday(-2), 16],
          [monday(-1), 17],
        ]);
        await completeCheckpoint(cast, episodeId, 'clinical_week_2');
        await addIntervention(cast, episodeId, {
          kind: 'workstation_adjustment',
          description: 'Sit-stand desk and a second screen at the front desk',
          owner: 'Facilities, Secretariaat',
          dueOn: monday(-2),
          costEur: 620,
          status: 'done',
        });
        await addIntervention(cast, episodeId, {
          kind: 'reduced_hours',
          description: 'Mornings only, four days a week',
          owner: 'HR, Scholengroep Leie en Schelde',
          dueOn: monday(-3),
          status: 'in_progress',
        });
      },
    },
    {
      stage: 'monitoring',
      employee: teacher('SLS-0107', 'Bram Vandenberghe', 1982, 'Campus Noord'),
      play: async (cast, employeeId) => {
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(41),
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'low_back',
          side: 'left',
          takenOn: ago(38),
          potential: 'good',
          expectedFullReturn: monday(-3),
        });
        const plan = await approvedPlan(cast, episodeId, {
          startDate: monday(-5),
          targetFullReturn: monday(-3),
          exercise: BRIDGING,
          workTrack: [week(monday(-5), 50, CLASS_LIMITS), week(monday(-4), 75, CLASS_LIMITS)],
        });
        await completeCheckpoint(cast, episodeId, 'be_inform_occupational_doctor');
        await recordSessions(cast, episodeId, plan, [
          [addDays(monday(-5), 1), 1],
          [addDays(monday(-4), 1), 2],
        ]);
        await recordHours(cast, episodeId, [
          [monday(-5), 19],
          [monday(-4), 28.5],
          [monday(-3), 38],
          [monday(-2), 38],
          [monday(-1), 38],
        ]);
        await completeCheckpoint(cast, episodeId, 'clinical_week_2');
        await completeCheckpoint(cast, episodeId, 'clinical_full_return');
        // Full duty held for more than the relapse window: the platform moves it to monitoring.
        await recordWorkSteps(cast, episodeId, [
          { effectiveFrom: monday(-5), status: 'partial', percentOfContract: 50 },
          { effectiveFrom: monday(-4), status: 'partial', percentOfContract: 75 },
          { effectiveFrom: monday(-3), status: 'full_duty' },
        ]);
        await reachStatus(cast, episodeId, 'monitoring');
        await addIntervention(cast, episodeId, {
          kind: 'task_rotation',
          description: 'Shares the standing supervision duties with two colleagues',
          owner: 'Deputy head, Campus Noord',
          dueOn: monday(-5),
          status: 'done',
        });
        await addIntervention(cast, episodeId, {
          kind: 'equipment',
          description: 'A high stool for the classroom; not needed after all',
          owner: 'Facilities, Campus Noord',
          costEur: 180,
          status: 'cancelled',
        });
      },
    },
    {
      stage: 'closed, full return',
      employee: {
        ...teacher('SLS-0108', 'Elke Jacobs', 1972, 'Campus Zuid'),
        jobTitle: 'Teaching assistant',
        physicalDemands: ['lifting', 'standing'],
      },
      play: async (cast, employeeId) => {
        // Further back than six weeks before the enrolment (today): brought in as historic.
        const episodeId = await openEpisode(cast, employeeId, {
          jurisdiction: 'BE',
          absenceStart: ago(75),
          historic: true,
        });
        await formCareTeam(cast, episodeId);
        await recordIntake(cast, episodeId, {
          region: 'low_back',
          side: 'right',
          takenOn: ago(70),
          potential: 'good',
          expectedFullReturn: monday(-5),
        });
        const plan = await approvedPlan(cast, episodeId, {
          startDate: monday(-9),
          targetFullReturn: monday(-5),
          exercise: BRIDGING,
          workTrack: [week(monday(-9), 50, CLASS_LIMITS), week(monday(-7), 75, CLASS_LIMITS)],
        });
        await completeCheckpoint(cast, episodeId, 'be_inform_occupational_doctor');
        await recordSessions(cast, episodeId, plan, [
          [addDays(monday(-9), 1), 0],
          [addDays(monday(-8), 1), 1],
          [addDays(monday(-7), 1), 1],
          [addDays(monday(-6), 1), 2],
        ]);
        await recordHours(cast, episodeId, [
          [monday(-9), 19],
          [monday(-8), 19],
          [monday(-7), 28.5],
          [monday(-6), 28.5],
          [monday(-5), 38],
        ]);
        await completeCheckpoint(cast, episodeId, 'clinical_week_2');
        await completeCheckpoint(cast, episodeId, 'clinical_full_return');
        await recordWorkSteps(cast, episodeId, [
          { effectiveFrom: monday(-9), status: 'partial', percentOfContract: 50 },
          { effectiveFrom: monday(-7), status: 'partial', percentOfContract: 75 },
          { effectiveFrom: monday(-5), status: 'full_duty' },
        ]);
        await addIntervention(cast, episodeId, {
          kind: 'rtw_coordinator',
          description: 'Return-to-work coordinator plans the weeks back with the team',
          owner: 'HR, Scholengroep Leie en Schelde',
          dueOn: monday(-9),
          status: 'done',
        });
        await moveEpisode(cast, episodeId, 'closed', 'full_rtw');
      },
    },
  ];
}

function teacher(
  employeeNumber: string,
  fullName: string,
  birthYear: number,
  department: string,
): StoryEmployee {
  return {
    employeeNumber,
    fullName,
    birthYear,
    contractHours: 38,
    jobTitle: 'Teacher',
    physicalDemands: ['standing'],
    department,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenes: what each party does, one API call or a few
// ---------------------------------------------------------------------------------------------

interface EpisodeView {
  id: string;
  status: string;
  version: number;
}

/** HR opens the episode (the referral), three days after the first day of absence. */
async function openEpisode(
  cast: Cast,
  employeeId: string,
  opening: { jurisdiction: 'BE' | 'NL'; absenceStart: string; historic?: boolean },
): Promise<string> {
  const episode = await cast.hr.send<EpisodeView>(
    'POST',
    '/episodes',
    { employeeId, referralDate: addDays(opening.absenceStart, 3), ...opening },
    { idempotent: true },
  );
  return episode.id;
}

/** HR puts the demo physiotherapist and doctor on the care team. */
async function formCareTeam(cast: Cast, episodeId: string): Promise<void> {
  await cast.hr.send('PUT', `/episodes/${episodeId}/care-team`, {
    physioUserId: cast.physioId,
    occupationalDoctorUserId: cast.doctorId,
  });
}

/** HR moves the episode on, with the version it has just read. */
async function moveEpisode(
  cast: Cast,
  episodeId: string,
  to: string,
  closeReason?: string,
): Promise<void> {
  const episode = await cast.hr.get<EpisodeView>(`/episodes/${episodeId}`);
  await cast.hr.send(
    'POST',
    `/episodes/${episodeId}/transitions`,
    { to, ...(closeReason ? { closeReason } : {}) },
    { ifMatch: episode.version },
  );
}

/**
 * The episode at `status`: the platform moves it there as the work goes (a held full return); HR
 * moves it only if that has not happened.
 */
async function reachStatus(cast: Cast, episodeId: string, status: string): Promise<void> {
  const episode = await cast.hr.get<EpisodeView>(`/episodes/${episodeId}`);
  if (episode.status !== status) await moveEpisode(cast, episodeId, status);
}

interface WorkStep {
  effectiveFrom: string;
  status: 'partial' | 'full_duty';
  percentOfContract?: number;
}

/** HR records the steps of the work status timeline back from absence. */
async function recordWorkSteps(cast: Cast, episodeId: string, steps: WorkStep[]): Promise<void> {
  for (const step of steps) {
    await cast.hr.send('POST', `/episodes/${episodeId}/work-status`, step);
  }
}

interface IntakeOutline {
  region: 'low_back' | 'neck' | 'shoulder';
  side: 'left' | 'right' | 'both' | 'central';
  /** The day of the risk screen (OMPSQ-10). */
  takenOn: string;
  /** Red flags answered present; every other flag of the region is answered absent. */
  redFlagsPresent?: string[];
  potential: 'good' | 'moderate' | 'low';
  expectedFullReturn?: string;
}

/**
 * The physiotherapist's intake: the complaint, a risk screen and the red-flag screen of the
 * region as the API lists it. A flag present makes the episode an urgent referral: the doctor is
 * notified and it waits for their clearance.
 */
async function recordIntake(cast: Cast, episodeId: string, intake: IntakeOutline): Promise<void> {
  await cast.physio.send('PUT', `/episodes/${episodeId}/complaint`, {
    regions: [intake.region],
    side: intake.side,
    specificity: 'aspecific',
  });
  await cast.physio.send('POST', `/episodes/${episodeId}/questionnaires`, {
    instrument: 'ompsq_10',
    takenOn: intake.takenOn,
    answers: LOW_RISK_OMPSQ,
  });
  const flags = await cast.physio.get<{ code: string }[]>(
    `/triage/red-flags?regions=${intake.region}`,
  );
  const present = new Set(intake.redFlagsPresent ?? []);
  await cast.physio.send('PUT', `/episodes/${episodeId}/intake`, {
    redFlags: Object.fromEntries(flags.map((flag) => [flag.code, present.has(flag.code)])),
    rehabilitationPotential: intake.potential,
    ...(intake.expectedFullReturn ? { expectedFullReturn: intake.expectedFullReturn } : {}),
  });
}

/** OMPSQ-10 answers with a total far below 50: a low risk of long-term disability. */
const LOW_RISK_OMPSQ = {
  duration: 3,
  pain_level: 4,
  light_work_hour: 8,
  sleep: 8,
  tense_anxious: 2,
  depressed: 1,
  pain_persist_risk: 3,
  work_chance: 9,
  stop_activities: 2,
  no_normal_work: 3,
};

interface PlanOutline {
  startDate: string;
  targetFullReturn: string;
  exercise: object;
  workTrack: object[];
}

interface PlanView {
  number: number;
  version: number;
  movementTrack: { schedule?: { from: string; quota: number }[] }[];
}

const BRIDGING = {
  name: 'Bridging',
  plane: 'sagittal',
  coordination: 'simple',
  amplitude: 'medium',
  speed: 'slow',
  loadKg: 0,
  startPosition: 'supine_unloaded',
  unit: 'repetitions',
  baseline: [10, 12, 11],
  target: 20,
  painFreeSessionsToProgress: 3,
};
const CHIN_TUCKS = { ...BRIDGING, name: 'Chin tucks', amplitude: 'small', baseline: [8, 10, 9] };
const WALL_SLIDES = {
  ...BRIDGING,
  name: 'Wall slides',
  plane: 'frontal',
  startPosition: 'standing',
  baseline: [6, 8, 7],
  target: 15,
};

/** Functional limits of a week of the work track, per kind of job. */
const CLASS_LIMITS = {
  maxLiftKg: 5,
  maxStandingMinutes: 50,
  tasksAllowed: ['Teaching from a chair', 'Preparing lessons'],
  tasksAvoided: ['Playground duty'],
};
const GYM_LIMITS = {
  maxLiftKg: 5,
  tasksAllowed: ['Coaching from the side-line', 'Theory lessons'],
  tasksAvoided: ['Carrying gym equipment', 'Demonstrating exercises'],
};
const SCREEN_LIMITS = {
  maxScreenMinutes: 45,
  tasksAllowed: ['Front desk', 'Answering the phone'],
  tasksAvoided: ['Archive work'],
};

function week(from: string, percentOfContract: number, limits: object) {
  return { from, percentOfContract, tasksAllowed: [], tasksAvoided: [], ...limits };
}

/** The physiotherapist drafts the plan; its quota schedule is generated from the baseline. */
async function draftPlan(cast: Cast, episodeId: string, outline: PlanOutline): Promise<PlanView> {
  return cast.physio.send<PlanView>(
    'POST',
    `/episodes/${episodeId}/plans`,
    {
      startDate: outline.startDate,
      targetFullReturn: outline.targetFullReturn,
      components: PLAN_COMPONENTS,
      movementTrack: [outline.exercise],
      workTrack: outline.workTrack,
      reviewDates: [],
    },
    { idempotent: true },
  );
}

/** A physio-led plan: graded activity with advice, the whole of it a return-to-work programme. */
const PLAN_COMPONENTS = [
  'stay_active_advice',
  'exercise_therapy',
  'graded_activity',
  'advice_education',
  'return_to_work_programme',
  'workplace_intervention',
];

/** The physiotherapist submits the draft to the occupational doctor, who is notified. */
function submitPlan(cast: Cast, episodeId: string, plan: PlanView): Promise<PlanView> {
  return cast.physio.send<PlanView>(
    'POST',
    `/episodes/${episodeId}/plans/${plan.number}/submit`,
    undefined,
    { ifMatch: plan.version },
  );
}

/**
 * A plan drafted, submitted, approved by the doctor (the episode becomes active) and
 * acknowledged by HR: the programme at work. Returns the version with its quota schedule.
 */
async function approvedPlan(
  cast: Cast,
  episodeId: string,
  outline: PlanOutline,
): Promise<PlanView> {
  const submitted = await submitPlan(cast, episodeId, await draftPlan(cast, episodeId, outline));
  const path = `/episodes/${episodeId}/plans/${submitted.number}`;
  const approved = await cast.doctor.send<PlanView>('POST', `${path}/approve`, undefined, {
    ifMatch: submitted.version,
  });
  await cast.hr.send('POST', `${path}/acknowledge`, undefined, { ifMatch: approved.version });
  return approved;
}

/**
 * The physiotherapist's sessions: on each date the one exercise done `[date, offset]`, the quota
 * then in force plus the offset (below zero: short of it).
 */
async function recordSessions(
  cast: Cast,
  episodeId: string,
  plan: PlanView,
  sessions: [string, number][],
): Promise<void> {
  const schedule = plan.movementTrack[0]?.schedule ?? [];
  for (const [sessionDate, offset] of sessions) {
    const quota = schedule.filter((step) => step.from <= sessionDate).at(-1)?.quota ?? 0;
    await cast.physio.send(
      'POST',
      `/episodes/${episodeId}/progress/sessions`,
      {
        sessionDate,
        quotas: [{ exercise: 0, reached: Math.max(0, quota + offset) }],
        nrsPain: offset < 0 ? 5 : 3,
        adherencePercent: offset < 0 ? 60 : 90,
      },
      { idempotent: true },
    );
  }
}

/** HR records the hours worked per week `[Monday, hours]`. */
async function recordHours(
  cast: Cast,
  episodeId: string,
  weeks: [string, number][],
): Promise<void> {
  for (const [weekStart, hoursWorked] of weeks) {
    await cast.hr.send('PUT', `/episodes/${episodeId}/progress/hours/${weekStart}`, {
      hoursWorked,
    });
  }
}

interface InterventionOutline {
  kind: string;
  description: string;
  owner: string;
  dueOn?: string;
  costEur?: number;
  /** Where it has got to; a new intervention is planned. */
  status?: 'planned' | 'in_progress' | 'done' | 'cancelled';
}

/** HR adds a workplace intervention and, when it has moved on, records where it has got to. */
async function addIntervention(
  cast: Cast,
  episodeId: string,
  { status = 'planned', ...intervention }: InterventionOutline,
): Promise<void> {
  const path = `/episodes/${episodeId}/interventions`;
  const added = await cast.hr.send<{ id: string; version: number }>('POST', path, intervention, {
    idempotent: true,
  });
  if (status === 'planned') return;
  await cast.hr.send('PATCH', `${path}/${added.id}`, { status }, { ifMatch: added.version });
}

interface CheckpointView {
  id: string;
  ruleKey: string;
  status: string;
  participants: string[];
  version: number;
}

/**
 * The first planned checkpoint of a rule held: every participant with an account signs off, then
 * the outcome `continue` is recorded, by HR for HR's own steps and by the doctor otherwise.
 */
async function completeCheckpoint(cast: Cast, episodeId: string, ruleKey: string): Promise<void> {
  const checkpoints = await cast.hr.get<CheckpointView[]>(`/episodes/${episodeId}/checkpoints`);
  const checkpoint = checkpoints.find((c) => c.ruleKey === ruleKey && c.status === 'planned');
  if (!checkpoint) throw new Error(`no planned checkpoint ${ruleKey} to complete`);
  const signers = { hr: cast.hr, physio: cast.physio, occupational_doctor: cast.doctor };
  let signed = checkpoint;
  for (const participant of checkpoint.participants) {
    const signer = signers[participant as keyof typeof signers];
    if (signer)
      signed = await signer.send<CheckpointView>('POST', `/checkpoints/${checkpoint.id}/sign-off`);
  }
  const hrsOwn = checkpoint.participants.every((participant) => participant === 'hr');
  await (hrsOwn ? cast.hr : cast.doctor).send(
    'POST',
    `/checkpoints/${checkpoint.id}/outcome`,
    { outcome: 'continue' },
    { ifMatch: signed.version },
  );
}
