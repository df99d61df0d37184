/**
 * Kong's own router engine (`@kong/atc-router`, the WASM build of atc-router) loaded in Node.
 * It is the reference lib/atc is tested against, and the engine the Kong stand-in routes with.
 * Node can't import a .wasm module directly, so instantiate it and hand the exports over.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as bindings from "@kong/atc-router/atc-router_bg.js";
import type * as KongModule from "@kong/atc-router";
import type { AstType, ParseResult } from "@kong/atc-router";
import { HTTP_FIELDS } from "./schema";

export type KongBindings = typeof KongModule;

let loaded: KongBindings | null = null;

/** Instantiates the WASM module once per process. */
export function kongEngine(): KongBindings {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@kong/atc-router/atc-router_bg.wasm");
  const wasm = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(wasm, { "./atc-router_bg.js": bindings as unknown as WebAssembly.ModuleImports });
  bindings.__wbg_set_wasm(instance.exports);
  loaded = bindings;
  return loaded;
}

/**
 * Kong's HTTP router fields and their types (kong/router/fields.lua), wildcards included
 * (`http.headers.*` etc., resolved by atc-router's schema the same way lib/atc/schema.ts does).
 */
export const KONG_HTTP_FIELDS: Record<string, AstType> = { ...HTTP_FIELDS };

/** A Kong schema with the standard fields and the named dynamic ones (e.g. `http.headers.x_okapi_tenant`). */
export function kongSchema(dynamicFields: Record<string, AstType> = {}) {
  const { Schema } = kongEngine();
  const schema = new Schema();
  for (const [field, type] of Object.entries({ ...KONG_HTTP_FIELDS, ...dynamicFields })) schema.addField(field, type);
  return schema;
}

export function kongParse(expression: string, dynamicFields: Record<string, AstType> = {}): ParseResult {
  const { Parser } = kongEngine();
  const schema = kongSchema(dynamicFields);
  try {
    return Parser.parse(expression, schema);
  } finally {
    schema.free();
  }
}
