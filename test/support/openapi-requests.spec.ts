import { describe, expect, it } from '@jest/globals';
import { leaksIn } from './openapi-requests.js';

describe('what an answer gives away', () => {
  it('finds SQL, a stack trace and a database error in an answer', () => {
    expect(leaksIn('{"detail":"SELECT id FROM app_user"}', [])).toEqual(['SQL']);
    expect(leaksIn('at Foo.bar (/app/dist/x.js:10:3)', [])).toEqual(['a stack trace']);
    expect(leaksIn('value "x" violates check constraint', [])).toEqual(['a database error']);
  });

  it('takes out what the request sent, the longest value first', () => {
    const answer = '{"field":"redFlags.1; SELECT pg_sleep(0) FROM app_user","message":"unknown"}';
    // "u" is inside the key: taken out first, it would leave "app_ser" and the SQL behind.
    expect(leaksIn(answer, ['u', '1; SELECT pg_sleep(0) FROM app_user'])).toEqual([]);
    expect(leaksIn(answer, ['u'])).toEqual(['SQL']);
  });
});
