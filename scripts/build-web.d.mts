/** Types of build-web.mjs for the TypeScript that imports it (the vitest global setup, the web client benchmark). */
/** The built web client's folder (web/dist). */
export declare const WEB_DIST: string;
export declare function buildWeb(options?: { force?: boolean }): Promise<{ built: boolean; ms: number }>;
