import { bootApp } from '../support/app';
import { ProbeModule } from '../support/probe.module';

describe('graceful shutdown', () => {
  it('finishes a request in flight, then stops accepting connections', async () => {
    const t = await bootApp({ imports: [ProbeModule] });
    await t.app.listen(0, '127.0.0.1');
    const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');

    const inFlight = fetch(`${url}/__probe/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is being handled
    const closing = t.close();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
  });
});
