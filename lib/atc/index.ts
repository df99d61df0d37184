/**
 * Kong's expression language in plain TypeScript: parse, print, evaluate, explain. Browser-safe:
 * kong-engine.ts (Node only, loads Kong's WASM) is deliberately not re-exported here.
 */
export * from "./ast";
export { parse, typeError, type ParseError, type ParseErrorCode, type ParseOptions, type ParseResult, type Position } from "./parse";
export { print, printPretty, printPredicate, printLhs, printValue, quote } from "./print";
export { evaluate, type EvalResult, type FailedAt } from "./evaluate";
export { buildContext, fieldValues, headerFieldName, hostWithoutPort, normalizePath, type HttpRequest, type RequestContext } from "./context";
export { tokenize, type Token, type TokenType } from "./tokenize";
export { fieldType, HTTP_FIELDS, type Schema } from "./schema";
export { translateRustRegex, type RegexResult } from "./regex";
export { toKongTree, type KongTree } from "./kong-tree";
