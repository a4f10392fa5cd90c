import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/shared',
    '<rootDir>/lambdas',
    '<rootDir>/infra',
    '<rootDir>/local',
    '<rootDir>/cli',
    '<rootDir>/client',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  // @middy/core 6 is ESM-only: let ts-jest transpile it to CommonJS along with our TypeScript.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testTimeout: 30_000,
};

export default config;
