// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so a lint of the
// whole tree stays a few seconds), eslint-plugin-playwright on the test suite, and eslint-config-prettier last so
// ESLint never argues about layout (that is prettier's job: .prettierrc, `npm run format`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import playwright from 'eslint-plugin-playwright';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    // Generated or written by runs: the bundled console, Playwright's output, evidence and vault folders.
    ignores: ['node_modules/', 'replica/dist/', 'test-results/', 'playwright-report/', 'blob-report/', 'evidence/', 'vault/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // Node code everywhere; the replica's console app and page.evaluate callbacks run in the browser.
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // `_`-prefixed names are deliberate: a destructured value we drop, an argument a callback signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A closure built before the value is known (verifyBundle's verdict) reads a `let` assigned once later.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      // Blank lines between blocks are layout, prettier's business; the suite is not reformatted while others edit it.
      'playwright/consistent-spacing-between-blocks': 'off',
      // Our tests are table-driven (markup variations, RFC vectors, account kinds): a case picks its branch or expectation.
      'playwright/no-conditional-in-test': 'off',
      'playwright/no-conditional-expect': 'off',
      // A skip that names why the machine cannot run the test (no unzip, running as root) is fine; a bare skip is not.
      'playwright/no-skipped-test': ['error', { allowConditional: true }],
      // describe() titles built from the case (JSON.stringify of a replica account) are strings at run time.
      'playwright/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
      // Shared helpers named expect…/…SignIn hold the assertions of the tests that call them.
      'playwright/expect-expect': ['error', { assertFunctionPatterns: ['^expect', 'SignIn$'] }],
      // Tests read the replica's JSON and XML answers ad hoc; typing each shape would be test-only code.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Playwright fixtures must destructure their first argument even when they use no other fixture: `async ({}, use)`.
    files: ['fixtures/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'runbooks/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // `page.$` there is cheerio's query function on server-rendered HTML, not Playwright's element handles.
    files: ['tests/replica/plain-html.spec.ts'],
    rules: { 'playwright/no-element-handle': 'off' },
  },
  prettier,
);
