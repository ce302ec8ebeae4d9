import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// `npm run lint`, a step of `npm test`. Rules that catch defects, not style: ESLint's and typescript-eslint's
// recommended sets, the two classic React hook rules, and the promise rules that need types (a promise nobody
// awaits or catches, a promise where a callback's return is ignored). Formatting is not linted.

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'e2e-artifacts/', '.ci-results/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter a signature needs, or a property left out of a rest copy
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Matching control characters is the point wherever a regex names them here (file names, headers, XML);
      // the rule exists to catch accidental ones.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // Only the two classic rules: the React Compiler rules of the plugin's `recommended` (set-state-in-effect,
    // refs, ...) flag working reset-on-open patterns in 12 places, and this app does not use the compiler.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['electron/**', 'scripts/**', 'bench/**', 'e2e/**', 'bin/**', 'fixtures/**', '*.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // page.evaluate/waitForFunction callbacks run in the browser
    files: ['bench/console.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
)
