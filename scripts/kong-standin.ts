/**
 * Switchyard's Kong stand-in — NOT Kong. One process serves several zones' gateways: each zone's
 * Admin API under http://127.0.0.1:<admin-port>/<zone>, one proxy port where the Host header (or
 * X-Switchyard-Zone) picks the zone. Routing uses Kong's own router engine. See docs/kong-standin.md.
 *
 *   tsx scripts/kong-standin.ts [--admin-port 8001] [--proxy-port 8000] [--state file.json]
 *                               [--dbless] [--admin-token T] [--echo-port N]... [--plugins bundled,jwt-keycloak]
 *                               [--demo | --e2e]
 */
import { expandPluginList } from "./kong-standin/plugins";
import { startKongStandin } from "./kong-standin/server";

interface Cli {
  adminPort: number;
  proxyPort: number;
  stateFile: string | null;
  dbless: boolean;
  adminToken: string | null;
  echoPorts: number[];
  /** kong.conf's `plugins`: null keeps the default (`bundled`). */
  plugins: string[] | null;
}

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { adminPort: 8001, proxyPort: 8000, stateFile: null, dbless: false, adminToken: null, echoPorts: [], plugins: null };
  const value = (i: number): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    return v;
  };
  const port = (i: number): number => {
    const n = Number(value(i));
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${argv[i]}: not a port: ${argv[i + 1]}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case "--admin-port":
        cli.adminPort = port(i++);
        break;
      case "--proxy-port":
        cli.proxyPort = port(i++);
        break;
      case "--state":
        cli.stateFile = value(i++);
        break;
      case "--dbless":
        cli.dbless = true;
        break;
      case "--admin-token":
        cli.adminToken = value(i++);
        break;
      case "--echo-port":
        cli.echoPorts.push(port(i++));
        break;
      case "--plugins":
        cli.plugins = expandPluginList(value(i++).split(","));
        break;
      case "--demo":
        cli.adminPort = 8001;
        cli.proxyPort = 8000;
        break;
      case "--e2e":
        cli.adminPort = 8101;
        cli.proxyPort = 8100;
        break;
      case "--help":
      case "-h":
        console.log("usage: tsx scripts/kong-standin.ts [--admin-port N] [--proxy-port N] [--state file] [--dbless] [--admin-token T] [--echo-port N] [--plugins bundled,NAME] [--demo|--e2e]");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return cli;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const standin = await startKongStandin({
    adminPort: cli.adminPort,
    proxyPort: cli.proxyPort,
    host: "127.0.0.1",
    stateFile: cli.stateFile,
    echoPorts: cli.echoPorts,
    zoneDefaults: {
      ...(cli.dbless ? { database: "off" as const } : {}),
      ...(cli.adminToken ? { adminToken: cli.adminToken } : {}),
      ...(cli.plugins ? { plugins: cli.plugins } : {}),
    },
  });
  console.log(
    `Kong stand-in (not Kong): Admin API ${standin.adminUrl}/<zone>, proxy ${standin.proxyUrl} (zone from Host <zone>.… or X-Switchyard-Zone)`,
  );
  const stop = async () => {
    await standin.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`kong stand-in: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
