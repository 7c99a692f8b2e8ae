import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PRECOMPILED_TEMPLATES_URL } from "../render/precompiled-templates.js";
import { precompiledTemplatesModule } from "./precompile-templates.js";

// The build's last step (`npm run build`): tsc has written dist/, this adds the templates to it.
await writeFile(fileURLToPath(PRECOMPILED_TEMPLATES_URL), await precompiledTemplatesModule());
