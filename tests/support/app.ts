/** Where global-app.ts serves the app under test (vitest.config.ts sets the port). */
export const APP_PORT = Number(process.env.SAMMEN_APP_PORT ?? 3100);
export const APP_URL = `http://localhost:${APP_PORT}`;
