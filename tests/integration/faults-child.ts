/**
 * A separate app process for tests/integration/faults.test.ts: publishes one zone through the
 * same service the API uses, so the test can kill it (SIGKILL, no cleanup) in the middle.
 * Run with `node --conditions=react-server --import tsx tests/integration/faults-child.ts <zone>`.
 */
import { startPublish } from "@/lib/publish/service";

const zone = process.argv[2];
const { record } = await startPublish({ zone, actor: "crash-test", wait: true });
console.log(JSON.stringify({ id: record.id, status: record.status }));
process.exit(0);
