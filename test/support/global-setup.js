/** Refuses to run against a database that is not a throwaway test database. */
export default function globalSetup() {
  const url = process.env.DATABASE_URL;
  const name = url ? decodeURIComponent(new URL(url).pathname.slice(1)) : '';
  if (!name.includes('test') || !process.env.BULL_PREFIX?.includes('test')) {
    throw new Error(
      'Run the tests with `npm test`: it prepares a throwaway database and bull prefix.',
    );
  }
}
