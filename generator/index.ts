/// <reference path="./capstone-wasm.d.ts" />
/// <reference path="./elfy.d.ts" />
// The generator as a library (the package export `stencil-jit/generator`):
// read a project's config, parse and expand its uops, compile them with
// clang-19 into stencil tables, verify committed tables, inspect a uop. The
// CLI (`stencil-jit generate|verify|inspect|list --config PATH`) is a thin
// layer over these.
export { configOf, generate, readUops, type GenerateOptions, type GenerateResult, type TargetOutput } from './generate.ts';
export { DEFAULT_CONFIG, fixCommand, loadConfig, type ProjectConfig, type SinkKind, type SourceKind, type StackConfig, type VariantsConfig } from './project-config.ts';
export { verify, type VerifyResult } from './verify.ts';
export { formatInspection, inspectUop, listUops, type Inspection } from './inspect.ts';
export { DslError, parseCases, parseUops, type FormSet, type ParsedCases, type UopDefinition } from './dsl-parser.ts';
export { expandVariants } from './uop-variants.ts';
export { findTarget, TARGETS, type Target } from './targets.ts';
export { UserError } from './user-error.ts';
