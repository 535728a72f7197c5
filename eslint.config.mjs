// @ts-check
import path from 'node:path';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const SRC = path.join(import.meta.dirname, 'src');

/** Which side of the boundaries a file of src/ is on: the sandbox, core, or the product's features. */
function zoneOf(file) {
  const relative = path.relative(SRC, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const top = relative.split(path.sep)[0];
  return top === 'sandbox' ? 'sandbox' : top === 'core' ? 'core' : 'feature';
}

/**
 * The one bridge: with no Notion client configured the service hosts the sandbox in-process, and only
 * src/embedded may start it, through the sandbox's public entry (its index), nothing deeper.
 */
const EMBEDDED = path.join(SRC, 'embedded');
const SANDBOX_ENTRY = path.join(SRC, 'sandbox', 'notion');
const isSandboxBridge = (file, target) =>
  !path.relative(EMBEDDED, file).startsWith('..') && (target === SANDBOX_ENTRY || target === path.join(SANDBOX_ENTRY, 'index'));

/**
 * Where Notion is (real Notion or the embedded sandbox) is the composition root's choice: the files directly
 * in src/ (notion-endpoint.module.ts binds the ports, main.ts prints the sandbox's address). Feature folders
 * know only the abstract ports it binds (NotionEndpoint, WebhookSubscriptions); no folder but embedded/ itself
 * imports embedded/. (core/ and the sandbox have their own, stricter rules below.)
 */
const inside = (dir, file) => {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
};
const inFeatureFolder = (file) => zoneOf(file) === 'feature' && path.dirname(file) !== SRC;
const choosesEndpoint = (file, target) => inFeatureFolder(file) && !inside(EMBEDDED, file) && inside(EMBEDDED, target);

/**
 * The token keyring (and what rotates it) is the OAuth module's alone: other modules ask its services which
 * integrations this instance can work for. The cipher itself is shared, for other secrets kept under the keyring.
 */
const OAUTH = path.join(SRC, 'oauth');
const OAUTH_SECURITY = path.join(OAUTH, 'security');
const SHARED_CIPHER = path.join(OAUTH_SECURITY, 'oauth-security.service');
const readsKeyring = (file, target) => !inside(OAUTH, file) && inside(OAUTH_SECURITY, target) && target !== SHARED_CIPHER;

const MESSAGES = {
  sandboxToProduct: 'The Notion sandbox stands alone: it must not import product code ({{target}}).',
  productToSandbox: 'Product code must not import the Notion sandbox ({{target}}); reach it over HTTP like Notion.',
  coreToFeature: 'core/ must not import a feature module or the app ({{target}}); pass what it needs in.',
  endpointChoice:
    'Feature folders must not import embedded/ ({{target}}); use the abstract ports the composition root binds (NotionEndpoint, WebhookSubscriptions in src/notion-endpoint.module.ts).',
  keyring:
    'Only oauth/ holds the token keyring ({{target}}); ask its IntegrationDirectory which integrations this instance can work for.',
};

/**
 * The module boundaries as a lint rule: the sandbox and the product never import each other (but for the
 * embedded bridge above), core/ imports no feature module (features depend on core, never the reverse),
 * no feature folder chooses the Notion endpoint (only the composition root imports embedded/), and no module
 * but oauth/ reaches its token keyring.
 */
const boundaries = {
  meta: { type: 'problem', messages: MESSAGES, schema: [] },
  create(context) {
    const from = zoneOf(context.filename);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      if (choosesEndpoint(context.filename, target)) {
        context.report({ node, messageId: 'endpointChoice', data: { target: path.relative(import.meta.dirname, target) } });
        return;
      }
      if (readsKeyring(context.filename, target)) {
        context.report({ node, messageId: 'keyring', data: { target: path.relative(import.meta.dirname, target) } });
        return;
      }
      const to = zoneOf(target);
      if (!to || to === from || isSandboxBridge(context.filename, target)) return;
      const data = { target: path.relative(import.meta.dirname, target) };
      if (from === 'sandbox') context.report({ node, messageId: 'sandboxToProduct', data });
      else if (to === 'sandbox') context.report({ node, messageId: 'productToSandbox', data });
      else if (from === 'core') context.report({ node, messageId: 'coreToFeature', data });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { project: { rules: { boundaries } } },
    rules: { 'project/boundaries': 'error' },
  },
  {
    // One door to Notion: the gateway's SDK client makes every call with a user's token; the OAuth provider's
    // own client only exchanges, refreshes and revokes tokens with the client credentials.
    files: ['src/**/*.ts'],
    ignores: ['src/notion/notion.gateway.ts', 'src/oauth/providers/notion-oauth.provider.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@notionhq/client',
              importNames: ['Client'],
              allowTypeImports: true,
              message: 'Call Notion through NotionGateway (a NotionHandle from NotionClientFactory), not an SDK client of its own.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
