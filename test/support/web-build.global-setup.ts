import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../scripts/build-web.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why web/dist could not be built; browser tests fail with it, the other tests run regardless. */
    webBuildError: string | undefined;
  }
}

/** The browser tests run against web/dist as the API serves it: built here first when stale (as npm start does). */
export default async function setup(project: TestProject) {
  try {
    await buildWeb();
    project.provide('webBuildError', undefined);
  } catch (error) {
    project.provide('webBuildError', (error as Error).message);
  }
}
