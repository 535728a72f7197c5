import { DataSource } from 'typeorm';
import { UsersService } from '../../src/auth/users/users.service';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp, type SignedIn } from '../support/auth';
import { describeWith } from '../support/requirements';

const me = (t: TestApp, user: SignedIn) => t.http().get('/auth/me').set(...bearer(user.token));
const rename = (t: TestApp, user: SignedIn, name: string) =>
  t.app.get(DataSource).query('UPDATE users SET display_name = $1 WHERE id = $2', [name, user.userId]);

/**
 * The session guard's user row comes from the cache after the first request: a change made behind the users
 * service's back (SQL) is not seen until the service forgets the row, which is what every write to a user
 * row does.
 */
describe("the session guard's cached user row", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('reads the row once, and reads it afresh once the service forgets it', async () => {
    const user = await signUp(t, 'cached');
    const first = await me(t, user).expect(200);
    expect(first.body).toMatchObject({ id: user.userId, name: 'Test User', email: user.email });

    await rename(t, user, 'Renamed by hand');
    // Served from the cache, dates and all: the database was not asked.
    expect((await me(t, user).expect(200)).body).toEqual(first.body);

    await t.app.get(UsersService).forget(user.userId);
    expect((await me(t, user).expect(200)).body).toEqual({ ...first.body, name: 'Renamed by hand' });
  });

  it('signs out an account that is gone once its row is forgotten, and caches no missing user', async () => {
    const user = await signUp(t, 'gone');
    await me(t, user).expect(200);
    await t.app.get(DataSource).query('DELETE FROM users WHERE id = $1', [user.userId]);
    await t.app.get(UsersService).forget(user.userId);
    expect((await me(t, user).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect(await t.app.get(UsersService).findById(user.userId)).toBeNull();
  });
});

describeWith('sharedServers', 'the cached user row across instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = [await bootApp(), await bootApp()];
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('is one cache in Redis: a row cached by one instance is served by the other, and forgotten for both', async () => {
    const user = await signUp(a, 'shared');
    await me(a, user).expect(200);
    await rename(a, user, 'Changed once');
    expect((await me(b, user).expect(200)).body.name).toBe('Test User');
    await a.app.get(UsersService).forget(user.userId);
    expect((await me(b, user).expect(200)).body.name).toBe('Changed once');
  });
});
