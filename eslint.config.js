// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'
import tally from './eslint-rules/module-cycles.js'

/** A module is reached from outside only through its index.ts (STYLE.md convention 3). */
const otherModuleInternals = {
  regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.ts$).+',
  message: 'Import another module only through its index.ts.',
}
const anyModuleInternals = {
  regex: '(^|/)modules/[^/]+/(?!index\\.ts$).+',
  message: 'Import a module only through its index.ts.',
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.data/', 'coverage/', '.node24/', 'src/platform/views/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      curly: 'error',
      'no-console': 'error',
    },
  },
  {
    // No import cycles anywhere (type-only imports too: a cycle of types is still two modules that need each other).
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/modules/**/*.ts'],
    plugins: { tally },
    rules: { 'tally/no-module-cycle': 'error' },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules/', message: 'platform/ never imports modules/.' }] },
      ],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherModuleInternals, anyModuleInternals] }] },
  },
  {
    files: [
      'src/cli/**/*.ts',
      'src/demo/**/*.ts',
      'src/app.ts',
      'src/deps.ts',
      'src/main.ts',
      'bench/**/*.ts',
      'test/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [anyModuleInternals] }] },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'src/**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Files and functions small enough to hold in one's head (issue 9); tests and declarative tables may be longer.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/platform/db/migrations/**'],
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node, ...globals.browser },
    },
  },
)
