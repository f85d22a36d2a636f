import tseslint from 'typescript-eslint';

// Layering (docs/architecture.md): core and native never import electron; the renderer sees only the contract.
const noElectron = {
  paths: [{ name: 'electron', message: 'core and native run without Electron: never import it here.' }],
  patterns: [{ group: ['electron/*'], message: 'core and native run without Electron.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/core/**', 'electron/contract/**', 'electron/sandbox/**', 'electron/cli/**', 'electron/host/**', 'native/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['renderer/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only through window.fapiao (the contract).' }],
          patterns: [
            {
              regex: '^(\\.\\./)+electron/(?!contract(/|$))',
              message: 'The renderer imports only electron/contract, never core, main or host.',
            },
            { group: ['node:*', 'better-sqlite3', 'node-hid', 'sm-crypto'], message: 'The renderer has no Node.' },
          ],
        },
      ],
    },
  },
);
