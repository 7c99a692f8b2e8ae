/** How `bun run start` runs the agent: src/main.ts on Bun (the Bun that runs the tests). */
export const startCommand = { file: process.execPath, args: ["src/main.ts"] };
