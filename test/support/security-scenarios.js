/**
 * The security scenarios of the quality bar (1-10 access and privacy, 21 onwards trust; written out
 * in docs/quality-bar.md, summarised in the README), each with the tests that prove it: a file and
 * the start of a test's title (a title made by `it.each` matches every one of its cases). `npm run
 * test:security` runs exactly these files; every run that includes one of them prints the table of
 * scenarios, and fails when a listed test did not run there (renamed or deleted), so the table
 * cannot go quietly out of date.
 *
 * @type {{ scenario: number; title: string; tests: { file: string; title: string }[] }[]}
 */
export const SECURITY_SCENARIOS = [
  {
    scenario: 1,
    title: 'Object-level access: every route with an id x every role, foreign objects',
    tests: [
      { file: 'test/e2e/object-access.e2e.spec.ts', title: 'covers every route that takes an id' },
      {
        file: 'test/e2e/object-access.e2e.spec.ts',
        title: 'answers 403 or 404 to every other role, and changes nothing',
      },
      {
        file: 'test/e2e/episodes.e2e.spec.ts',
        title: 'answers a physio off the care team and a doctor of another service with 404',
      },
    ],
  },
  {
    scenario: 2,
    title: 'Diagnosis canary in every HR-visible read, list, export, error, log, job and e-mail',
    tests: [
      {
        file: 'test/e2e/episodes.e2e.spec.ts',
        title: 'keeps every clinical field away from HR, the employee, logs and error answers',
      },
      {
        file: 'test/e2e/triage.e2e.spec.ts',
        title: 'keeps every clinical word away from HR, the employee, the inboxes and the logs',
      },
      {
        file: 'test/e2e/dashboards.e2e.spec.ts',
        title: 'never shows HR or the employee a clinical field',
      },
      {
        file: 'test/e2e/plans.e2e.spec.ts',
        title: 'shows HR and the employee the work track only',
      },
      {
        file: 'test/e2e/checkpoints.e2e.spec.ts',
        title: 'gives HR a functional agenda and the care team the clinical part too',
      },
      {
        file: 'test/e2e/progress.e2e.spec.ts',
        title: 'shows HR and the employee the hours and the hours flag, nothing clinical',
      },
      {
        file: 'test/e2e/progress.e2e.spec.ts',
        title: 'never shows HR or the employee an activity name',
      },
      {
        file: 'test/e2e/work-status.e2e.spec.ts',
        title: 'shows HR and the employee the same functional view, without any clinical key',
      },
      {
        file: 'test/e2e/complaint-trends.e2e.spec.ts',
        title: 'shows HR its own employer against the sector, without a body region',
      },
      {
        file: 'test/integration/checkpoint-pipeline.spec.ts',
        title: 'keeps job payloads and e-mails free of clinical content and names',
      },
    ],
  },
  {
    scenario: 3,
    title:
      'Function-level: every route x every role without the permission -> 403, nothing written',
    tests: [
      {
        file: 'test/e2e/function-level.e2e.spec.ts',
        title: 'refuses every route to every role without its permission with 403',
      },
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'has every route either @Public() or declaring a known permission',
      },
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'matches the committed route -> permission snapshot',
      },
    ],
  },
  {
    scenario: 4,
    title: 'Mass assignment: role, employer, version, author, clinical fields in HR writes -> 400',
    tests: [
      {
        file: 'test/e2e/function-level.e2e.spec.ts',
        title: 'refuses role, employer, version, author and clinical fields sent with an HR write',
      },
    ],
  },
  {
    scenario: 5,
    title: 'Brute force: 10 guesses an hour per account, then 429 with Retry-After; fails closed',
    tests: [
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'stops evaluating guesses on one account after 10 an hour',
      },
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'fails closed: no log-in is evaluated while the throttle cannot count',
      },
    ],
  },
  {
    scenario: 6,
    title: 'Passwords hashed with argon2id, 19 MiB, 2 iterations',
    tests: [
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'hashes passwords with argon2id, 19 MiB and 2 iterations',
      },
    ],
  },
  {
    scenario: 7,
    title: 'JWT tampering x every protected route -> 401; access tokens live <= 15 minutes',
    tests: [
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'answers a token with ',
      },
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'accepts a token forged here with the right secret and claims',
      },
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'logs in with e-mail and password and returns a short-lived access token',
      },
    ],
  },
  {
    scenario: 8,
    title: 'Refresh rotation: reuse revokes the chain; 50 concurrent refreshes -> 1 succeeds',
    tests: [
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'rotates the refresh token; reusing a rotated one revokes the whole chain',
      },
      {
        file: 'test/e2e/auth.e2e.spec.ts',
        title: 'lets exactly one of 50 concurrent refreshes of one token succeed',
      },
    ],
  },
  {
    scenario: 9,
    title: 'Disabling a user or changing a role takes effect on the next request',
    tests: [
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'refuses a working token once its user is disabled',
      },
      {
        file: 'test/e2e/access-control.e2e.spec.ts',
        title: 'applies a role change to the next request',
      },
      {
        file: 'test/e2e/session-account.e2e.spec.ts',
        title: 'answers 401 at once for a disabled account, and stores nothing',
      },
      {
        file: 'test/e2e/session-account.e2e.spec.ts',
        title: 'answers 403 at once when the role changed, and stores nothing',
      },
    ],
  },
  {
    scenario: 10,
    title: 'Audit: one row per clinical access; append-only; no audit row, no clinical read',
    tests: [
      {
        file: 'test/e2e/episodes.e2e.spec.ts',
        title: 'writes exactly one audit row per clinical read or write, denials included',
      },
      {
        file: 'test/integration/audit-service.spec.ts',
        title:
          'records who, what, on whose behalf, the outcome, the correlation id and the address',
      },
      {
        file: 'test/integration/audit-service.spec.ts',
        title: 'fails the surrounding transaction when the audit row cannot be written',
      },
      {
        file: 'test/integration/audit-trail.spec.ts',
        title: 'refuses UPDATE, DELETE and TRUNCATE as append-only',
      },
      {
        file: 'test/integration/runtime-role.spec.ts',
        title: 'appends and reads audit rows but cannot update, delete, truncate',
      },
    ],
  },
  {
    scenario: 21,
    title:
      'Invitation and reset links only by e-mail to the invitee: 0 in answers, logs, job payloads; the creator cannot activate',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'sends the invitation link by e-mail only: no answer, log line, job payload or table holds it in clear',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'lets the creator of an account not activate it: nothing HR receives opens the account',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          're-sends an invitation as a new link; the earlier link is dead, and expiry stays seven days',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'resets a password only through a link e-mailed to the account, and answers alike for unknown addresses',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'sends nothing for a link whose account was disabled before the mail went out',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'sends a link once when its mail job runs twice, also at the same time',
      },
    ],
  },
  {
    scenario: 22,
    title:
      'Clinical accounts only by a manager of their own practice or service, with a checked BIG/RIZIV number; account events audited',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'refuses a physiotherapist or doctor invited by a platform admin, or moved into a clinical role',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'lets a manager invite its own service’s doctors and its practice’s physiotherapists with a checked registration',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'records account creation, activation, role changes and disabling with their actor in the account-events view',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'shows the employee each clinician who read the file, with name, organisation and registration',
      },
    ],
  },
  {
    scenario: 23,
    title:
      'Every error HR or the employee can receive is functional: every code x clinical text -> 0 clinical terms; every route they may call -> 0',
    tests: [
      {
        file: 'src/common/errors/error-audience.spec.ts',
        title: 'answers ',
      },
      {
        file: 'src/common/errors/error-audience.spec.ts',
        title: 'renames the codes whose name is a clinical fact, keeping the status',
      },
      {
        file: 'test/e2e/functional-errors.e2e.spec.ts',
        title: 'tells HR in functional terms that the care team has not finished the intake',
      },
      {
        file: 'test/e2e/functional-errors.e2e.spec.ts',
        title: 'answers every refusal to ',
      },
      {
        file: 'test/e2e/triage.e2e.spec.ts',
        title: 'turns a red flag into an urgent referral the doctor must clear',
      },
    ],
  },
  {
    scenario: 24,
    title:
      'JSON deeper than 32 or wider than 1,000 members -> 400 on every operation (98), unauthenticated included',
    tests: [
      {
        file: 'test/e2e/bad-input.e2e.spec.ts',
        title: 'answers JSON nested or wide beyond the limits with 400, signed in or not',
      },
      {
        file: 'test/e2e/json-limits.e2e.spec.ts',
        title: 'answers a log-in nested 100,000 deep with 400 at once, never 500',
      },
      {
        file: 'test/e2e/json-limits.e2e.spec.ts',
        title: 'answers a log-in of 200,000 members or 100,000 distinct keys with 400',
      },
      {
        file: 'test/e2e/json-limits.e2e.spec.ts',
        title: 'lets 1,000 members through to validation and refuses 1,001 before it',
      },
      {
        file: 'test/e2e/json-limits.e2e.spec.ts',
        title: 'lets a body nested 32 deep through to validation',
      },
      {
        file: 'test/e2e/json-limits.e2e.spec.ts',
        title: 'refuses such a body before authentication',
      },
      {
        file: 'src/common/http/json-body.spec.ts',
        title: 'finds exactly the depth and width of the parsed value, whatever its strings hold',
      },
    ],
  },
  {
    scenario: 25,
    title: 'No secret stored in clear in any table (0 columns) or replayed by idempotency',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'refuses an Idempotency-Key on routes whose answer carries a secret',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'keeps no token, TOTP seed or recovery code in clear in any table',
      },
    ],
  },
  {
    scenario: 26,
    title:
      'A password change or a copied refresh token ends every earlier access token at once (0 s)',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'refuses an access token issued in the same second as the password change',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'ends the access tokens of the account when a rotated refresh token is presented again',
      },
      {
        file: 'test/e2e/session-account.e2e.spec.ts',
        title: 'answers 401 for a token of an earlier session generation',
      },
    ],
  },
  {
    scenario: 27,
    title:
      'No account enumeration across organisations; e-mail addresses canonical (zero-width, bidi, mixed scripts -> 400)',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'answers HR the same for an address with an account at another employer as for a new one',
      },
      { file: 'test/e2e/account-trust.e2e.spec.ts', title: 'refuses an address with ' },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title: 'treats case and Unicode compatibility forms of an address as one address',
      },
      { file: 'src/modules/identity/email-address.spec.ts', title: 'refuses ' },
    ],
  },
  {
    scenario: 28,
    title:
      'Per-account limits (429 with Retry-After); guesses from elsewhere keep no owner out for more than 5 minutes',
    tests: [
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'lets the owner in from a device that signed in before while strangers are locked out',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'lets a correct password with a current second-factor code through a lock others caused',
      },
      {
        file: 'test/e2e/account-trust.e2e.spec.ts',
        title:
          'lets the owner back in by a password reset, and slows one guessing client with growing delays of minutes at most',
      },
      {
        file: 'test/e2e/request-limits.e2e.spec.ts',
        title:
          "refuses an account's expensive request past its limit per minute with 429 and Retry-After",
      },
      {
        file: 'test/e2e/request-limits.e2e.spec.ts',
        title: "counts an analyst's report queries, exports and chart against one expensive limit",
      },
      {
        file: 'test/e2e/request-limits.e2e.spec.ts',
        title:
          'refuses any route to an account past the general ceiling per minute with 429 and Retry-After',
      },
      {
        file: 'test/e2e/request-limits.e2e.spec.ts',
        title: 'lets expensive requests through uncounted while Redis does not answer',
      },
      {
        file: 'test/e2e/request-limits.e2e.spec.ts',
        title:
          'marks exactly the imports, report queries, their exports and the chart as expensive',
      },
      {
        file: 'test/e2e/employee-import-refusals.e2e.spec.ts',
        title: 'accepts exactly one of concurrent uploads of one employer',
      },
      {
        file: 'test/e2e/employee-import-refusals.e2e.spec.ts',
        title: "refuses an upload while the employer's import is running",
      },
      {
        file: 'test/e2e/employee-import-refusals.e2e.spec.ts',
        title: 'refuses ',
      },
    ],
  },
  {
    scenario: 29,
    title:
      'Free text HR reads refuses clinical vocabulary (NL/FR/EN word lists kept as data, ICD-10/ICPC-2 codes): 422 naming word and field, nothing stored',
    tests: [
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'restrictions.tasksAvoided.1 (work status)',
      },
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'workTrack.1.tasksAvoided.0 (new plan version)',
      },
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'workTrack.0.tasksAllowed.1 (draft changed)',
      },
      { file: 'test/e2e/functional-text.e2e.spec.ts', title: 'description (new intervention)' },
      { file: 'test/e2e/functional-text.e2e.spec.ts', title: 'owner (new intervention)' },
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'description (intervention changed)',
      },
      { file: 'test/e2e/functional-text.e2e.spec.ts', title: 'owner (intervention changed)' },
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'a body with clinical text and other errors answers 400 naming every field',
      },
      {
        file: 'test/e2e/functional-text.e2e.spec.ts',
        title: 'the database refuses restrictions with an unknown key, posture or demand',
      },
    ],
  },
  {
    scenario: 31,
    title:
      'Operations accountable: every queue dashboard action audited with its actor before it runs; /metrics 401 without its token',
    tests: [
      {
        file: 'test/e2e/queue-dashboard-audit.e2e.spec.ts',
        title: "audits an admin's pause, retry and clean through the dashboard",
      },
      {
        file: 'test/e2e/queue-dashboard-audit.e2e.spec.ts',
        title: "refuses a non-admin's action, audits it as denied and changes nothing",
      },
      {
        file: 'test/e2e/queue-dashboard-audit.e2e.spec.ts',
        title: 'audits a mutating request to a route it has no name for',
      },
      {
        file: 'test/e2e/queue-dashboard-audit.e2e.spec.ts',
        title: 'does not act when the audit row cannot be written',
      },
      {
        file: 'src/common/http/queue-dashboard.spec.ts',
        title: 'names every mutating route bull-board serves, and no route it does not serve',
      },
      {
        file: 'test/e2e/metrics-token.e2e.spec.ts',
        title: 'answers 401 without the token or with a wrong one, and the metrics with it',
      },
    ],
  },
  {
    scenario: 32,
    title:
      'The demo is safe by default: its own secrets (0600, never the built-in key: a token signed with it -> 401), the runtime database role',
    tests: [
      {
        file: 'test/integration/demo-safety.spec.ts',
        title: 'makes its own secrets on first run, in a file only its owner can read',
      },
      {
        file: 'test/integration/demo-safety.spec.ts',
        title: 'lets secrets set in the environment win over the kept ones',
      },
      {
        file: 'test/integration/demo-safety.spec.ts',
        title: 'connects the API and the worker as a member of rtw_runtime that is not the owner',
      },
      {
        file: 'test/integration/demo-safety.spec.ts',
        title:
          'on the embedded PostgreSQL, the superuser and the runtime login take generated passwords',
      },
      {
        file: 'test/integration/demo-safety.spec.ts',
        title: 'keeps working: the seed seals the TOTP seeds again with the demo key',
      },
      {
        file: 'test/integration/mails-command.spec.ts',
        title: 'prints the e-mails kept for an address, newest first',
      },
      {
        file: 'test/integration/mails-command.spec.ts',
        title: "finds the running demo's database by itself",
      },
    ],
  },
];

/** The files holding the scenarios' tests, for `npm run test:security`. */
export const SECURITY_FILES = [
  ...new Set(SECURITY_SCENARIOS.flatMap((entry) => entry.tests.map((test) => test.file))),
];
