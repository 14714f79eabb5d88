import { documentedRoutes } from '../support/contract';
import type { TestApp } from '../support/testApp';
import { expectedStatus, PRINCIPALS, recordCounts, ROUTES, samplePath, startSecurityApp, type PrincipalKind } from './security.support';

let app: TestApp;
let headers: Record<PrincipalKind, Record<string, string>>;
beforeAll(async () => {
  ({ app, headers } = await startSecurityApp());
});
afterAll(() => app?.close());

// Signing out last: were sessions ended server-side, the cookie rows after it would change meaning.
const routes = () => documentedRoutes().sort((a, b) => Number(a === 'DELETE /portal/session') - Number(b === 'DELETE /portal/session'));

async function call(route: string, who: PrincipalKind) {
  const [method, template] = route.split(' ') as [string, string];
  const request = app.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](samplePath(route)).set(headers[who]);
  return ['POST', 'PUT', 'PATCH'].includes(method) ? request.send({}) : request.then((r) => r, (e) => Promise.reject(new Error(`${template}: ${e}`)));
}

describe('the authorisation matrix', () => {
  it('has rows for every route of the contract, and none for a route it does not have', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(documentedRoutes());
  });

  it('when each kind of principal calls each route, then it gets the status its rows say, and every refusal is a problem', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes()) {
      for (const who of PRINCIPALS) {
        const res = await call(route, who);
        const expected = expectedStatus(route, who);
        checked++;
        if (res.status !== expected) wrong.push(`${route} as ${who}: ${res.status} ${res.body?.type ?? ''} (expected ${expected})`);
        else if (res.status >= 400 && !/^application\/problem\+json/.test(String(res.headers['content-type']))) wrong.push(`${route} as ${who}: ${res.status} is not problem+json`);
      }
    }
    recordCounts('authorisation', `${routes().length} routes × ${PRINCIPALS.length} principals = ${checked} checks, ${wrong.length} unexpected`, {
      routes: routes().length,
      principals: PRINCIPALS.length,
      checks: checked,
      unexpected: wrong.length,
    });
    expect(wrong).toEqual([]);
  });
});
