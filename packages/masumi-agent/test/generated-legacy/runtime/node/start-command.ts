/** How `npm start` runs the agent: src/main.ts on Node, through tsx. */
export const startCommand = { file: process.execPath, args: ["--import", "tsx", "src/main.ts"] };
