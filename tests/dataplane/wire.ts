/**
 * The wire side of the conformance test: publish compiled zones to the stand-in the way a publish
 * does (lib/publish's plan and apply, lib/kong's client), and send requests through its proxy.
 */
import { Agent, request as httpRequest } from "node:http";
import type { ZoneOutput } from "../../lib/compiler/types";
import { checkGateway, kongZoneGateway } from "../../lib/kong/kong-gateway";
import { applyPlan } from "../../lib/publish/apply";
import { planPublish } from "../../lib/publish/plan";
import type { KongStandin } from "../../scripts/kong-standin/server";

/** Publishes one zone's compiled Kong entities to the stand-in's node `node`; throws with the first failed write. */
export async function publishZone(standin: KongStandin, node: string, zone: ZoneOutput): Promise<void> {
  const gateway = kongZoneGateway({ name: zone.zone, kongAdminUrl: standin.zoneAdminUrl(node) });
  // The publish workflow's own check: router flavor, and every plugin the zone needs present.
  checkGateway(await gateway.info(), zone.zone, zone.kong);
  const plan = planPublish(zone.kong, await gateway.listManaged());
  const result = await applyPlan(plan, gateway.write, { concurrency: 8 });
  if (result.status !== "succeeded")
    throw new Error(`publish of ${zone.zone} failed: ${result.error?.message ?? "unknown error"}`);
}

/** Forgets every zone of the stand-in (its `_zone` control), so each estate starts on empty nodes. */
export async function resetStandin(standin: KongStandin): Promise<void> {
  for (const name of standin.state.names()) {
    const res = await fetch(`${standin.zoneAdminUrl(name)}/_zone`, { method: "DELETE" });
    if (res.status !== 204) throw new Error(`could not drop stand-in zone ${name}: ${res.status}`);
  }
}

/**
 * Sets up a stand-in node the way an operator sets up a Kong node: the Host names that reach it
 * and the plugins it has (`plugins = bundled,…` in kong.conf), through the stand-in's `_zone` control.
 */
export async function configureNode(
  standin: KongStandin,
  node: string,
  settings: { hosts: string[]; plugins: string[] },
): Promise<void> {
  const res = await fetch(`${standin.zoneAdminUrl(node)}/_zone`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
  if (res.status !== 200)
    throw new Error(`could not configure stand-in node ${node}: ${res.status} ${await res.text()}`);
}

export interface WireAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export function send(
  proxyPort: number,
  request: { method: string; host: string; path: string; headers: Record<string, string> },
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: "127.0.0.1",
        port: proxyPort,
        agent,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, host: request.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = null;
          try {
            body = text === "" ? null : (JSON.parse(text) as unknown);
          } catch {
            body = text;
          }
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({ status: res.statusCode ?? 0, headers, body });
        });
        res.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}
