// The WASM glue of @kong/atc-router: the same exports as the package's entry, plus the setter
// that receives the instantiated module (see lib/atc/kong-engine.ts).
declare module "@kong/atc-router/atc-router_bg.js" {
  export * from "@kong/atc-router";
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
}
