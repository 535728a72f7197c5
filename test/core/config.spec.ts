import { ConfigValidationError, loadConfig } from '../../src/core/config/app-config';

describe('loadConfig', () => {
  it('starts with embedded defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.bodyLimit).toBe('1mb');
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.usesMemoryStores).toBe(true);
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('names every bad variable and never echoes a value', () => {
    const attempt = () =>
      loadConfig({ PORT: 'not-a-port-s3cr3t', DATABASE_URL: 'mysql://user:pa55word@host/db', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect((error as ConfigValidationError).variables.map((v) => v.split(' ')[0]).sort()).toEqual([
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
      ]);
      expect(message).not.toContain('s3cr3t');
      expect(message).not.toContain('pa55word');
      expect(message).not.toContain('loud');
    }
  });

  it('refuses the embedded defaults in production unless explicitly allowed', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL.*REDIS_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' })).toThrow(/REDIS_URL/);
    const keys = { TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };
    const allowed = loadConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED: 'true', ...keys });
    expect(allowed.usesEmbeddedDatabase).toBe(true);
    const real = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', REDIS_URL: 'redis://r:6379', ...keys });
    expect(real.usesMemoryStores).toBe(false);
  });

  it('bounds every wait on PostgreSQL and Redis by default, under 3 s for a request, and refuses nonsense', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ connectTimeoutMs: 2000, queryTimeoutMs: 2000 });
    expect(config.redis).toMatchObject({ connectTimeoutMs: 2000, commandTimeoutMs: 1000 });
    const set = loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '1500', REDIS_COMMAND_TIMEOUT_MS: '250' });
    expect([set.database.queryTimeoutMs, set.redis.commandTimeoutMs]).toEqual([1500, 250]);
    // The embedded bootstrap's copy keeps them.
    expect(set.with({ database: { url: 'postgres://x/y' } }).database.queryTimeoutMs).toBe(1500);
    expect(() => loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '0', REDIS_COMMAND_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_QUERY_TIMEOUT_MS.*REDIS_COMMAND_TIMEOUT_MS/,
    );
  });

  it('treats empty strings as unset and parses lists', () => {
    const config = loadConfig({ DATABASE_URL: '', CORS_ORIGINS: 'http://a.test, http://b.test' });
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.http.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
  });
});

describe('loadConfig: addresses, cookies and proxies', () => {
  it('needs a pool of at least two connections (workspace provisioning holds one for its lock)', () => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(loadConfig({ DATABASE_POOL_SIZE: '2' }).database.poolSize).toBe(2);
  });

  it('defaults PUBLIC_URL to http://localhost:<PORT>', () => {
    expect(loadConfig({}).http.publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '4123' }).http.publicUrl).toBe('http://localhost:4123');
    expect(loadConfig({ PORT: '4123', PUBLIC_URL: 'https://pa.example.test/' }).http.publicUrl).toBe('https://pa.example.test');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://pa.example.test' })).toThrow(/PUBLIC_URL/);
  });

  it('makes the session cookie Secure by default exactly when PUBLIC_URL is https', () => {
    expect(loadConfig({}).session.cookieSecure).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://pa.example.test' }).session.cookieSecure).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://pa.example.test', COOKIE_SECURE: 'false' }).session.cookieSecure).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'true' }).session.cookieSecure).toBe(true);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8,192.168.1.7, fd00::/8', ['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8']],
    ['true', true],
  ])('reads TRUST_PROXY=%s in Express\'s forms', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each(['yes please', '10.0.0.0/33', 'proxy.example.test', '-1', '10.0.0.1/8/8', 'loopback,'.repeat(2) + 'nope'])(
    'refuses TRUST_PROXY=%s, naming the variable',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it('refuses TRUST_PROXY=true in production, and takes a hop count there', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', REDIS_URL: 'redis://r:6379', TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };
    expect(() => loadConfig({ ...production, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
  });
});
