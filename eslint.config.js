import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';

// Workflow code is replayed by Temporal and must be deterministic: no Node built-ins,
// no wall clock, no randomness, no timers outside @temporalio/workflow.
const nodeBuiltins = builtinModules.flatMap(name => [name, `node:${name}`]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      '.cache/',
      'dist/',
      'coverage/',
      'test-output/',
      'miniapp/node_modules/',
      'miniapp/dist/',
      'web/dist/',
      'db/migrations/'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'miniapp/scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }]
    }
  },
  {
    files: ['*.js', 'miniapp/scripts/*.mjs'],
    ...tseslint.configs.disableTypeChecked
  },
  // The console: Vue single-file components, typed through web/tsconfig.json, in a browser.
  ...pluginVue.configs['flat/essential'].map(config => ({ ...config, files: ['web/**/*.vue'] })),
  {
    files: ['web/**/*.vue', 'web/**/*.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], projectService: true }
    },
    rules: {
      // Page components are named by their file (kebab-case), as the style guide asks.
      'vue/multi-word-component-names': 'off'
    }
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map(name => ({ name, message: 'Workflow code must not use Node built-ins.' })),
          patterns: [
            {
              group: ['../activities/*', '../db/*', '../yibao/*', '../his/*', '../api/*', '../runtime/*'],
              allowTypeImports: true,
              message: 'Workflows may import only @temporalio/workflow, domain/ and types of activities.'
            }
          ]
        }
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Use workflow time (Date in the sandbox is replay-safe only via wf APIs); prefer wf.sleep/condition.'
        },
        { object: 'Math', property: 'random', message: 'Use wf.uuid4() for randomness in workflows.' }
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use wf.sleep().' },
        { name: 'setInterval', message: 'Use wf.sleep() in a loop.' },
        { name: 'process', message: 'No process access in workflows.' },
        { name: 'fetch', message: 'I/O belongs in activities.' },
        { name: 'require', message: 'Use ESM imports.' }
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock; pass times in as data.'
        }
      ]
    }
  },
  {
    // domain/ is imported by the workflows, the console and the mini-program: pure code only (test/layout.test.ts
    // checks the same, and web/ and miniapp/).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map(name => ({ name, message: 'domain/ does no I/O.' })),
          patterns: [
            {
              group: ['drizzle-orm', 'postgres', 'express', 'pino', 'playwright-core', 'exceljs', '@temporalio/*'],
              message: 'domain/ does no I/O.'
            },
            {
              group: [
                '**/activities/**',
                '**/api/**',
                '../application-kinds/**',
                '../../application-kinds/**',
                '**/crypto/**',
                '**/db/**',
                '**/his/**',
                '**/runtime/**',
                '**/workflows/**',
                '**/yibao/**'
              ],
              message: 'domain/ imports only domain/.'
            }
          ]
        }
      ]
    }
  }
);
