/** Entry point: the REST API alone (production runs the projector and process manager apart). */
import { startApiServer } from '../platform/api-server.js';
import { bootstrap } from '../platform/bootstrap.js';

const runtime = await bootstrap('api', process.env, { sendsMail: true });
await startApiServer(runtime);
