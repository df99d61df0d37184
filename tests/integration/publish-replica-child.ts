/**
 * A second (third…) app process for tests/integration/publish-replicas.test.ts: it runs the publish
 * worker, as the app server does at boot (instrumentation.ts), and answers commands read from
 * stdin, one JSON object a line, by calling the real route handlers on its own database
 * connections and caches. Each answer is one line `{"reply": n, "status": …, "json": …}`; log lines
 * go out in between. Run with `node --conditions=react-server --import tsx <this file>`.
 */
import { createInterface } from "node:readline";
import * as tenants from "@/app/api/v1/tenants/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import { startPublish, startPublishing } from "@/lib/publish/service";
import { get, post } from "./http";

type Command =
  | { reply: number; cmd: "publish"; zone: string; wait?: boolean }
  | { reply: number; cmd: "publish-waiting"; zone: string; waitMs: number }
  | { reply: number; cmd: "tenants" }
  | { reply: number; cmd: "create-tenant"; name: string };

async function run(command: Command): Promise<{ status: number; json: unknown }> {
  switch (command.cmd) {
    case "publish": {
      const r = await post(publish.POST, `/x${command.wait ? "?wait=true" : ""}`, { params: { name: command.zone } });
      return { status: r.status, json: r.json };
    }
    case "publish-waiting": {
      const { record } = await startPublish({ zone: command.zone, actor: `replica-${process.pid}`, wait: true, waitMs: command.waitMs });
      return { status: 200, json: record };
    }
    case "tenants": {
      const r = await get(tenants.GET, "/api/v1/tenants?limit=500");
      return { status: r.status, json: r.json };
    }
    case "create-tenant": {
      const r = await post(tenants.POST, "/api/v1/tenants", { body: { name: command.name, description: "" } });
      return { status: r.status, json: r.json };
    }
  }
}

await startPublishing();
console.log(JSON.stringify({ ready: process.pid }));
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line) as Command;
  run(command).then(
    (answer) => console.log(JSON.stringify({ reply: command.reply, ...answer })),
    (error: unknown) => console.log(JSON.stringify({ reply: command.reply, status: 0, json: String(error) })),
  );
}
