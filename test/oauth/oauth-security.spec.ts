import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigValidationError, loadConfig } from '../../src/core/config/app-config';
import { parseKeyring } from '../../src/core/config/env.schema';
import { OAuthSecurityService, TokenDecryptError, type TokenBinding } from '../../src/oauth/security/oauth-security.service';
import { LOCAL_KEY_FILE, TokenKeyring, loadTokenKeyring } from '../../src/oauth/security/token-keyring';

const key = () => randomBytes(32);
const binding: TokenBinding = {
  integrationId: '2f6a2b1e-0c2d-4a53-9b0e-5d1f3a4b6c7d',
  userId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  field: 'access',
};

function decryptFails(security: OAuthSecurityService, value: string, b: TokenBinding): string {
  try {
    security.decrypt(value, b);
  } catch (error) {
    if (error instanceof TokenDecryptError) return error.reason;
    throw error;
  }
  throw new Error('decrypt succeeded');
}

describe('OAuthSecurityService (AES-256-GCM, keyring, associated data)', () => {
  const k1 = { kid: 'k1', key: key() };
  const k2 = { kid: 'k2', key: key() };
  const security = new OAuthSecurityService(new TokenKeyring([k1]));

  it('round-trips, in the v1.<kid>.<iv>.<tag>.<ct> format, with a fresh nonce every time', () => {
    const a = security.encrypt('ntn_secret_value', binding);
    const b = security.encrypt('ntn_secret_value', binding);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain('ntn_secret_value');
    expect(security.decrypt(a, binding)).toBe('ntn_secret_value');
    expect(security.keyIdOf(a)).toBe('k1');
  });

  it('refuses a ciphertext under another binding: integration, user, or token field', () => {
    const value = security.encrypt('ntn_x', binding);
    expect(decryptFails(security, value, { ...binding, integrationId: '00000000-0000-4000-8000-000000000000' })).toBe('authentication_failed');
    expect(decryptFails(security, value, { ...binding, userId: '00000000-0000-4000-8000-000000000000' })).toBe('authentication_failed');
    expect(decryptFails(security, value, { ...binding, field: 'refresh' })).toBe('authentication_failed');
  });

  it('refuses tampering, unknown keys and malformed values', () => {
    const value = security.encrypt('ntn_x', binding);
    const parts = value.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    expect(decryptFails(security, [...parts.slice(0, 4), flipped.toString('base64url')].join('.'), binding)).toBe('authentication_failed');
    expect(decryptFails(security, ['v1', 'nope', ...parts.slice(2)].join('.'), binding)).toBe('unknown_key');
    expect(decryptFails(security, 'ntn_plaintext', binding)).toBe('malformed');
    expect(decryptFails(security, ['v2', ...parts.slice(1)].join('.'), binding)).toBe('malformed');
  });

  it('the first key encrypts, every key decrypts; a removed key no longer decrypts', () => {
    const old = security.encrypt('ntn_old', binding);
    const rotated = new OAuthSecurityService(new TokenKeyring([k2, k1]));
    expect(rotated.decrypt(old, binding)).toBe('ntn_old');
    expect(rotated.keyIdOf(rotated.encrypt('ntn_new', binding))).toBe('k2');
    const onlyNew = new OAuthSecurityService(new TokenKeyring([k2]));
    expect(decryptFails(onlyNew, old, binding)).toBe('unknown_key');
  });
});

describe('TOKEN_ENCRYPTION_KEYS and the Notion settings', () => {
  const b64 = () => key().toString('base64');

  it('parses an ordered kid:base64 list and refuses bad ones', () => {
    const parsed = parseKeyring(`a:${b64()}, b-2:${b64()}`);
    expect(parsed?.map((k) => k.kid)).toEqual(['a', 'b-2']);
    expect(parseKeyring(`a:${randomBytes(16).toString('base64')}`)).toBeNull();
    expect(parseKeyring(`a:${b64()},a:${b64()}`)).toBeNull();
    expect(parseKeyring(`no-key-here`)).toBeNull();
    expect(parseKeyring(`bad kid:${b64()}`)).toBeNull();
  });

  it('names a bad variable without echoing its value', () => {
    const secret = `k1:${randomBytes(16).toString('base64')}`;
    let error: unknown;
    try {
      loadConfig({ TOKEN_ENCRYPTION_KEYS: secret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toContain('TOKEN_ENCRYPTION_KEYS');
    expect((error as Error).message).not.toContain(secret.slice(3));
  });

  it('refuses half a Notion client configuration', () => {
    expect(() => loadConfig({ NOTION_CLIENT_ID: 'abc' })).toThrow(/NOTION_CLIENT_SECRET/);
    expect(() => loadConfig({ NOTION_CLIENT_SECRET: 'abc' })).toThrow(/NOTION_CLIENT_ID/);
  });

  it('production refuses to start without configured token keys', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r' };
    expect(() => loadConfig(production)).toThrow(/TOKEN_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...production, TOKEN_ENCRYPTION_KEYS: `k:${b64()}` })).not.toThrow();
    expect(() => loadConfig({ ...production, ALLOW_EMBEDDED: 'true' })).toThrow(/TOKEN_ENCRYPTION_KEYS/);
  });

  it('defaults: callback under PUBLIC_URL, Notion API, sandbox port PORT+1 (0 when PORT=0)', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://pa.example.test/' });
    expect(config.notion.redirectUri).toBe('https://pa.example.test/integrations/notion/callback');
    expect(config.notion.apiBaseUrl).toBe('https://api.notion.com');
    expect(config.notion.sandboxPort).toBe(3001);
    expect(config.usesEmbeddedNotion).toBe(true);
    expect(loadConfig({ PORT: '0' }).notion.sandboxPort).toBe(0);
    expect(loadConfig({ NOTION_SANDBOX_PORT: '4555' }).notion.sandboxPort).toBe(4555);
  });

  it('the embedded default generates one key into DATA_DIR and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pa-keys-'));
    try {
      const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'development' });
      const first = loadTokenKeyring(config);
      const second = loadTokenKeyring(config);
      expect(second.active.kid).toBe(first.active.kid);
      expect(second.active.key.equals(first.active.key)).toBe(true);
      expect(readFileSync(path.join(dir, LOCAL_KEY_FILE), 'utf8')).toMatch(/^local-[a-z0-9]+:[A-Za-z0-9+/]+=*\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
