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

  it('treats empty strings as unset and parses lists', () => {
    const config = loadConfig({ DATABASE_URL: '', CORS_ORIGINS: 'http://a.test, http://b.test' });
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.http.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
  });
});
