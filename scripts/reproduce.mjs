// `npm run reproduce` after setup: every notebook at full size, then the report in reports/.
import { reproduce } from "./pipeline.mjs";

const { notebooksOk } = await reproduce();
process.exit(notebooksOk ? 0 : 1);
