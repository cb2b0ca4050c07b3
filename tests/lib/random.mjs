// The page's seeded generator (mulberry32), so any failing test run can be repeated from its
// seed.
export { seededRandom } from '../../frontend/web/random.mjs';
