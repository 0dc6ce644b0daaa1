import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'coverage/', 'terraform/**/.terraform/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Layering (DESIGN.md): the shop never depends on the lab that breaks it.
    files: ['app/**/*.ts', 'app/**/*.js'],
    ignores: ['app/**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/lab/**', '**/lab'], message: 'app/ must not import lab/ (see DESIGN.md).' },
          ],
        },
      ],
    },
  },
  {
    // The shop's tests may use the lab's test tooling (lab/testing: tool lookup), nothing else of it.
    files: ['app/**/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)lab(/(?!testing/)|$)',
              message: 'app/ tests may import only lab/testing from lab/ (see DESIGN.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // Scenario files import only the lab's public surface (STYLE.md: one import for scenario authors),
    // so the engine behind lab/index.ts can change without breaking them. Their tests are exempt.
    files: ['scenarios/**/*.ts'],
    ignores: ['scenarios/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./lab/index\\.js$)\\.',
              message:
                'a scenario imports only ../lab/index.js (the scenario API), nothing else of the repo.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/frontend/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  prettier,
);
