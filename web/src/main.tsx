import { restoreSession } from './auth/tokens';
import { requestFirstScreen } from './first-screen';

// A page load with a session asks for the access token, the account and the first screen's
// data at once, while the application itself is still loading: nothing waits for it to render.
const firstScreen = restoreSession().then((me) =>
  me ? requestFirstScreen(me, window.location) : [],
);
// The application is run once those requests are on their way: running it holds the page's one
// thread for a while, and they would wait for it. Its files are fetched meanwhile (index.html).
void firstScreen
  .then(() => import('./app'))
  .then(
    ({ start }) => start(firstScreen),
    () => {
      // The application's files did not arrive (a lost connection, or a new version deployed
      // meanwhile): said in the three languages, since the chosen one is not known yet.
      const root = document.getElementById('root');
      if (root) {
        root.setAttribute('role', 'alert');
        root.textContent =
          'De toepassing kon niet laden; herlaad de pagina. · ' +
          "L'application n'a pas pu se charger ; rechargez la page. · " +
          'The application could not load; reload the page.';
      }
    },
  );
