import type { RouteKind } from "@/lib/compiler/types";
import type { TopologyApi, TopologyZone } from "@/lib/api/topology";
import { KIND_STYLE, eligibilityText, hostOf } from "./labels";

/**
 * The estate as a picture: zones on an ellipse (fixed positions whatever API is selected, so two
 * pictures compare at a glance), an arrow from every zone that serves an API by proxy or failover
 * to the provider zone Kong forwards to, and the provider's node drawn as the real route. Laid out
 * by hand: a handful to a few dozen zones on a ring need no graph library, and chords of a ring
 * never pass through another node.
 */

const NODE_W = 224;
const NODE_H = 108;

interface Point {
  x: number;
  y: number;
}

interface Edge {
  from: string;
  to: string;
  kind: RouteKind;
  realm: string;
  basePath: string;
  /** The API's base path, or how many APIs the arrow stands for. */
  label: string;
}

function layout(zones: readonly TopologyZone[]) {
  const n = zones.length;
  const rx = Math.max(340, n * 46);
  const ry = Math.max(190, n * 30);
  const width = 2 * rx + NODE_W + 48;
  const height = 2 * ry + NODE_H + 48;
  const center = { x: width / 2, y: height / 2 };
  const positions = new Map<string, Point>();
  zones.forEach((z, i) => {
    const angle = n === 1 ? 0 : -Math.PI / 2 + (2 * Math.PI * i) / n;
    positions.set(
      z.name,
      n === 1 ? center : { x: center.x + rx * Math.cos(angle), y: center.y + ry * Math.sin(angle) },
    );
  });
  return { width, height, positions };
}

/** Where the line from a node's centre towards `towards` leaves its box (plus a gap for the arrow). */
function boxExit(c: Point, towards: Point, gap: number): Point {
  const dx = towards.x - c.x;
  const dy = towards.y - c.y;
  const t = Math.min(
    dx === 0 ? Infinity : (NODE_W / 2 + gap) / Math.abs(dx),
    dy === 0 ? Infinity : (NODE_H / 2 + gap) / Math.abs(dy),
  );
  return { x: c.x + dx * t, y: c.y + dy * t };
}

/**
 * One arrow per (zone, provider, kind). An estate with hundreds of APIs would otherwise draw
 * hundreds of arrows between the same two zones; the label counts them instead.
 */
function edgesOf(apis: readonly TopologyApi[]): Edge[] {
  const merged = new Map<string, Omit<Edge, "label"> & { count: number }>();
  for (const edge of apiEdges(apis)) {
    const key = `${edge.from}|${edge.to}|${edge.kind}`;
    const seen = merged.get(key);
    if (seen) {
      seen.count += 1;
      if (seen.realm !== edge.realm) seen.realm = "mixed";
    } else merged.set(key, { ...edge, count: 1 });
  }
  return [...merged.values()].map(({ count, ...edge }) => ({
    ...edge,
    label: count === 1 ? edge.basePath : `${count} APIs`,
  }));
}

function apiEdges(apis: readonly TopologyApi[]): Array<Omit<Edge, "label">> {
  return apis.flatMap((api) =>
    api.serving
      .filter((s) => s.kind !== "real" && s.via && s.via !== s.zone)
      .map((s) => ({
        from: s.zone,
        to: s.via as string,
        kind: s.kind,
        realm: s.realm,
        basePath: api.basePath,
      })),
  );
}

/** Each edge as a curve from box edge to box edge, and where its label sits (the curve's middle). */
function drawEdges(edges: readonly Edge[], positions: ReadonlyMap<string, Point>, oneApi: boolean) {
  // Edges between the same two zones (several APIs) bend apart so each stays visible.
  const pairCount = new Map<string, number>();
  return edges.flatMap((edge, i) => {
    const a = positions.get(edge.from);
    const b = positions.get(edge.to);
    if (!a || !b) return [];
    const pair = [edge.from, edge.to].sort().join("|");
    const k = pairCount.get(pair) ?? 0;
    pairCount.set(pair, k + 1);
    const start = boxExit(a, b, 4);
    const end = boxExit(b, a, 6);
    const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
    const len = Math.hypot(end.x - start.x, end.y - start.y) || 1;
    const bend = 22 + k * 34;
    const control = {
      x: mid.x - ((end.y - start.y) / len) * bend,
      y: mid.y + ((end.x - start.x) / len) * bend,
    };
    return [
      {
        key: `${edge.from}-${edge.to}-${edge.basePath}-${i}`,
        kind: edge.kind,
        style: KIND_STYLE[edge.kind],
        path: `M${start.x},${start.y} Q${control.x},${control.y} ${end.x},${end.y}`,
        labelAt: {
          x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
          y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
        },
        label: oneApi ? edge.realm : edge.label,
      },
    ];
  });
}

export function TopologyMap({
  zones,
  apis,
  selected,
}: {
  zones: TopologyZone[];
  apis: TopologyApi[];
  selected: TopologyApi | null;
}) {
  const shown = selected ? [selected] : apis;
  const { width, height, positions } = layout(zones);
  const drawn = drawEdges(edgesOf(shown), positions, selected !== null);
  const roles = new Map<string, Array<{ kind: RouteKind; realm: string; basePath: string }>>();
  for (const api of shown)
    for (const s of api.serving) {
      const list = roles.get(s.zone) ?? [];
      list.push({ kind: s.kind, realm: s.realm, basePath: api.basePath });
      roles.set(s.zone, list);
    }

  const title = selected ? `Topology of ${selected.basePath}` : "Topology of all APIs";
  return (
    <figure aria-label={title} className="m-0">
      {/* Never drawn smaller than its own units: 12-unit text stays 12 px or more on screen, and
          a narrow screen scrolls the picture inside its box instead of shrinking it to unreadable. */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full"
        style={{ minWidth: width }}
        role="group"
        aria-label={title}
      >
        <defs>
          {(Object.keys(KIND_STYLE) as RouteKind[]).map((kind) => (
            <marker
              key={kind}
              id={`arrow-${kind}`}
              viewBox="0 0 10 10"
              refX="8.5"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" fill={KIND_STYLE[kind].stroke} />
            </marker>
          ))}
        </defs>
        {/* Lines under the nodes, their labels over them: a label is never hidden by a box. */}
        <g aria-hidden="true">
          {drawn.map((d) => (
            <path
              key={d.key}
              d={d.path}
              fill="none"
              stroke={d.style.stroke}
              strokeWidth={2}
              strokeDasharray={d.kind === "failover" ? "7 5" : undefined}
              markerEnd={`url(#arrow-${d.kind})`}
              opacity={0.9}
            />
          ))}
        </g>
        {zones.map((zone) => {
          const p = positions.get(zone.name);
          if (!p) return null;
          return (
            <ZoneNode
              key={zone.name}
              zone={zone}
              at={p}
              roles={roles.get(zone.name) ?? []}
              allApis={!selected}
              needsDtc={zone.problems.some(
                (w) =>
                  w.code === "dtc-realm-missing" &&
                  (!selected || w.message.includes(` ${selected.basePath} `)),
              )}
            />
          );
        })}
        <g aria-hidden="true">
          {drawn.map((d) => {
            const width = d.label.length * 7.3 + 16;
            return (
              <g key={d.key}>
                <rect
                  x={d.labelAt.x - width / 2}
                  y={d.labelAt.y - 11}
                  width={width}
                  height={22}
                  rx={11}
                  fill="white"
                  stroke={d.style.stroke}
                  strokeOpacity={0.35}
                />
                <text
                  x={d.labelAt.x}
                  y={d.labelAt.y + 4}
                  textAnchor="middle"
                  className="font-mono"
                  fontSize={12}
                  fill={d.style.text}
                >
                  {d.label}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}

function ZoneNode({
  zone,
  at,
  roles,
  allApis,
  needsDtc,
}: {
  zone: TopologyZone;
  at: Point;
  roles: Array<{ kind: RouteKind; realm: string; basePath: string }>;
  allApis: boolean;
  /** Must serve an API on realm dtc but has no DTC URL (the compiler's dtc-realm-missing warning). */
  needsDtc: boolean;
}) {
  const x = at.x - NODE_W / 2;
  const y = at.y - NODE_H / 2;
  const primary = roles.find((r) => r.kind === "real") ?? roles.find((r) => r.kind === "proxy") ?? roles[0];
  const style = primary ? KIND_STYLE[primary.kind] : null;
  const kinds = [...new Set(roles.map((r) => r.kind))];
  const summary = roles.length
    ? allApis
      ? kinds
          .map((k) => {
            const n = new Set(roles.filter((r) => r.kind === k).map((r) => r.basePath)).size;
            return `${k} (${n} ${n === 1 ? "API" : "APIs"})`;
          })
          .join(" · ")
      : [...new Set(roles.map((r) => `${r.kind} on ${r.realm}`))].join(", ")
    : "not serving";
  const label = [
    `Zone ${zone.name}`,
    zone.visibility,
    zone.dtcUrl ? `DTC URL ${zone.dtcUrl}` : "no DTC URL",
    zone.dtcEligible ? "DTC-eligible" : "not DTC-eligible",
    roles.length ? `serves: ${summary}` : "serves nothing here",
    ...(needsDtc ? ["problem: must serve dtc without a DTC URL"] : []),
  ].join(", ");
  return (
    <a
      href={`/zones/${zone.name}/realms`}
      aria-label={label}
      className="outline-none focus-visible:[&>rect:first-child]:stroke-indigo-500"
    >
      <title>{`${eligibilityText(zone)}. Open the realms of ${zone.name}.`}</title>
      <rect
        x={x}
        y={y}
        width={NODE_W}
        height={NODE_H}
        rx={12}
        fill={style ? style.fill : "#f8fafc"}
        stroke={style ? style.stroke : "#cbd5e1"}
        strokeWidth={style ? (primary?.kind === "real" ? 3 : 2) : 1.25}
        strokeDasharray={primary?.kind === "failover" ? "7 4" : undefined}
      />
      <text
        x={x + 14}
        y={y + 24}
        fontSize={15}
        fontWeight={600}
        className="font-mono"
        fill={roles.length ? "#0f172a" : "#64748b"}
      >
        {zone.name}
      </text>
      <VisibilityPill x={x + NODE_W - 12} y={y + 12} visibility={zone.visibility} />
      <text
        x={x + 14}
        y={y + 45}
        fontSize={12}
        className="font-mono"
        fill={zone.dtcUrl ? "#6d28d9" : "#94a3b8"}
      >
        {zone.dtcUrl ? `DTC ${truncate(hostOf(zone.dtcUrl), 24)}` : "no DTC URL"}
      </text>
      <g transform={`translate(${x + 14}, ${y + 56})`}>
        {zone.dtcEligible ? (
          <>
            <rect width={102} height={20} rx={5} fill="#ecfdf5" stroke="#059669" strokeOpacity={0.35} />
            <circle cx={10} cy={10} r={3} fill="#10b981" />
            <text x={18} y={14.5} fontSize={12} fontWeight={500} fill="#047857">
              DTC-eligible
            </text>
          </>
        ) : (
          <text x={0} y={14.5} fontSize={12} fill="#94a3b8">
            not DTC-eligible
          </text>
        )}
        {needsDtc ? (
          <g transform="translate(108, 0)">
            <rect width={92} height={20} rx={5} fill="#fffbeb" stroke="#d97706" strokeOpacity={0.5} />
            <path d="M10 5 L15 14.5 L5 14.5 Z" fill="#f59e0b" />
            <text x={19} y={14.5} fontSize={12} fontWeight={600} fill="#b45309">
              needs dtc
            </text>
          </g>
        ) : null}
      </g>
      <text
        x={x + 14}
        y={y + NODE_H - 12}
        fontSize={12}
        fontWeight={600}
        fill={style ? style.text : "#94a3b8"}
      >
        {truncate(summary, 30)}
      </text>
    </a>
  );
}

function VisibilityPill({ x, y, visibility }: { x: number; y: number; visibility: string }) {
  const world = visibility === "WORLD";
  const w = world ? 56 : 92;
  return (
    <g transform={`translate(${x - w}, ${y})`}>
      <rect
        width={w}
        height={20}
        rx={5}
        fill={world ? "#f0f9ff" : "#f5f3ff"}
        stroke={world ? "#0284c7" : "#7c3aed"}
        strokeOpacity={0.3}
      />
      <text
        x={w / 2}
        y={14.5}
        textAnchor="middle"
        fontSize={12}
        fontWeight={500}
        className="font-mono"
        fill={world ? "#0369a1" : "#6d28d9"}
      >
        {visibility}
      </text>
    </g>
  );
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
