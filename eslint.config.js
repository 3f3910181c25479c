import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import playwright from 'eslint-plugin-playwright';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import testingLibrary from 'eslint-plugin-testing-library';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import boundaries, with ESLint's own no-restricted-imports: the fakes stay out of the app, shared
// code (api, components, lib, config) imports no feature and no app module, and features import
// neither the app nor each other. Every folder under src/features is a feature.
const FAKES = {
  group: ['**/mocks/**', 'msw', 'msw/*'],
  message: 'Fakes load only through src/lib/enable-mocking.ts.',
};
const NO_APP = { regex: '^@/app/', message: 'Imports flow shared → features → app.' };
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const restrict = (...patterns) => ['error', { patterns }];
const featureBoundaries = features.map((f) => ({
  files: [`src/features/${f}/**/*.{ts,tsx}`],
  ignores: ['src/**/*.test.{ts,tsx}'],
  rules: {
    'no-restricted-imports': restrict(FAKES, NO_APP, {
      // @/features/<other>/…, or a relative path climbing out of a feature's subfolder (code
      // outside the feature is imported through the @/ alias, so this only catches siblings).
      regex: `^(@/features/(?!${f}/)|(\\.\\./){2,})`,
      message:
        'Features do not import each other; share through src/api, src/components or src/lib.',
    }),
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public/mockServiceWorker.js',
      'test-results',
      'playwright-report',
      'artifacts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits (a lost error, a write not yet durable) or one
    // handed where a callback's return is ignored is a bug here (audit records, the database).
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './server/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        // JSX event handlers may return a promise (React ignores it; errors are handled inside).
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: {
      'react-hooks': reactHooks,
      'react-refresh': reactRefresh,
      'jsx-a11y': jsxA11y,
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      'no-restricted-imports': restrict(FAKES),
    },
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    files: ['src/{api,components,lib,config}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(FAKES, {
        regex: '^@/(features|app)/',
        message: 'Shared code must not import features or app.',
      }),
    },
  },
  ...featureBoundaries,
  {
    files: ['src/lib/enable-mocking.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/testing/**'],
    ...testingLibrary.configs['flat/react'],
    rules: { ...testingLibrary.configs['flat/react'].rules, 'no-restricted-imports': 'off' },
  },
  {
    files: [
      'server/**/*.ts',
      'mocks/**/*.ts',
      'scripts/**/*.{ts,mjs,js}',
      'contract/**/*.test.ts',
      'e2e/**/*.ts',
      '*.config.{ts,js,cjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The contract is shared by the SPA, the proxy, the fakes, e2e and scripts: it imports none of them.
    files: ['contract/**/*.ts'],
    ignores: ['contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict({
        regex: '^(@/|\\.\\./|#(?!contract/))',
        message: 'contract/ depends on nothing but zod and itself.',
      }),
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
  },
  prettier,
);
