import type { Type } from '@nestjs/common';
import * as validators from 'class-validator';
import { getMetadataStorage, type MetadataStorage } from 'class-validator';
import { z } from 'zod';

/**
 * A tool's input, derived from the class-validator DTO that REST validates the same input with, so that each
 * input is defined once (issue 21): the DTO's decorators are the rules, its Swagger metadata the description
 * and default. The result is the zod object the ToolRegistry validates arguments with and publishes as JSON
 * Schema; every check in it calls class-validator's own function with the decorator's constraints, so a tool
 * accepts exactly what the REST route accepts. Only the JSON Schema keywords are written here (maxLength,
 * pattern, …), and a test holds them to the same probes (test/tools/tool-inputs.spec.ts).
 *
 * What a tool may change, and nothing else:
 * - `rename`: a field's name (REST says `q` and `:id`; a model is told `query` and `pageId`);
 * - `describe`: a field's description, worded for a model instead of a Swagger reader.
 *
 * Two deliberate differences from REST: null is refused where REST's `@IsOptional()` lets it through (a model
 * leaves an argument out), and class-transformer's conversions of query strings (`@Type(() => Number)`) do not
 * apply (tool arguments are JSON, typed already). A decorator this file does not know stops the start-up.
 */
export function toolInput<T extends object, const R extends Renames<T> = Record<never, never>>(
  dto: Type<T>,
  options: { rename?: R; describe?: { readonly [K in keyof Renamed<T, R>]?: string } } = {},
): z.ZodObject<DtoShape<Renamed<T, R>>> {
  const rename = (options.rename ?? {}) as Record<string, string>;
  const describe = (options.describe ?? {}) as Record<string, string>;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  // Swagger's order (the DTO's), the fields a call must give first: what a model reads first.
  const declared = [...swaggerProperties(dto), ...byProperty.keys()].filter((name, i, all) => byProperty.has(name) && all.indexOf(name) === i);
  const required = (name: string) => !byProperty.get(name)!.some((meta) => meta.name === 'isOptional') && swaggerProperty(dto, name).default === undefined;
  const order = [...declared.filter(required), ...declared.filter((name) => !required(name))];
  const unknownRenames = Object.keys(rename).filter((name) => !byProperty.has(name));
  if (unknownRenames.length > 0) throw new Error(`toolInput(${dto.name}): no validated property ${unknownRenames.join(', ')} to rename`);

  const shape: Record<string, z.ZodType> = {};
  for (const property of order) {
    const field = rename[property] ?? property;
    const swagger = swaggerProperty(dto, property);
    const description = describe[field] ?? swagger.description;
    shape[field] = fieldSchema(`${dto.name}.${property}`, property, byProperty.get(property) ?? [], description, swagger.default);
  }
  const unknownDescriptions = Object.keys(describe).filter((name) => !(name in shape));
  if (unknownDescriptions.length > 0) throw new Error(`toolInput(${dto.name}): no field ${unknownDescriptions.join(', ')} to describe`);
  const schema = z.object(shape);
  origins.set(schema, { dto, rename: { ...rename } });
  return schema as unknown as z.ZodObject<DtoShape<Renamed<T, R>>>;
}

/** Where a tool input came from (the test that holds every tool to its DTO reads it); undefined if hand-written. */
export function toolInputOrigin(schema: z.ZodObject): ToolInputOrigin | undefined {
  return origins.get(schema);
}

export interface ToolInputOrigin {
  dto: Type<object>;
  /** DTO property → tool field, for the renamed ones. */
  rename: Record<string, string>;
}

type Renames<T> = { readonly [K in keyof T]?: string };
type Renamed<T, R> = { [K in keyof T as K extends keyof R ? (R[K] extends string ? R[K] : K) : K]: T[K] };
type Field<V> = undefined extends V ? z.ZodOptional<z.ZodType<Exclude<V, undefined>>> : z.ZodType<V>;
/** The zod shape of a DTO's fields, typed from the DTO class (a field with a default still reads as optional). */
type DtoShape<T> = { [K in keyof T]-?: Field<T[K]> };

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

const origins = new WeakMap<z.ZodObject, ToolInputOrigin>();

/** Swagger's metadata keys (@nestjs/swagger's DECORATORS, which it does not export from its entry). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

function swaggerProperties(dto: Type<object>): string[] {
  const names = (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, dto.prototype) ?? []) as string[];
  return names.map((name) => name.replace(/^:/, ''));
}

function swaggerProperty(dto: Type<object>, property: string): { description?: string; default?: unknown } {
  return (Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype, property) ?? {}) as { description?: string; default?: unknown };
}

/** JSON Schema keywords stated by one decorator, as the tool's schema publishes them. */
type Keywords = Record<string, unknown>;

/**
 * One decorator: the base type it implies (if it does), its JSON Schema keywords, and its check: the
 * class-validator function itself, called with the decorator's constraints.
 */
interface Rule {
  base?: 'string' | 'number' | 'boolean' | 'enum';
  keywords: (constraints: unknown[]) => Keywords;
  check: (value: never, constraints: unknown[]) => boolean;
  message: (constraints: unknown[]) => string;
}

const RULES: Record<string, Rule> = {
  isString: { base: 'string', keywords: () => ({}), check: (v) => validators.isString(v), message: () => 'must be a string' },
  isBoolean: { base: 'boolean', keywords: () => ({}), check: (v) => validators.isBoolean(v), message: () => 'must be a boolean' },
  isInt: { base: 'number', keywords: () => ({ type: 'integer' }), check: (v) => validators.isInt(v), message: () => 'must be an integer' },
  isIn: {
    base: 'enum',
    keywords: ([values]) => ({ enum: values }),
    check: (v, [values]) => validators.isIn(v, values as unknown[]),
    message: ([values]) => `must be one of: ${(values as unknown[]).join(', ')}`,
  },
  isUuid: { base: 'string', keywords: () => ({ format: 'uuid' }), check: (v, [version]) => validators.isUUID(v, version as undefined), message: () => 'must be a UUID' },
  isNotEmpty: { keywords: () => ({ minLength: 1 }), check: (v) => validators.isNotEmpty(v), message: () => 'must not be empty' },
  isLength: {
    base: 'string',
    keywords: ([min, max]) => ({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
    check: (v: string, [min, max]) => validators.length(v, min as number, max as number),
    message: ([min, max]) => (max === undefined ? `must be at least ${min} characters` : `must be ${min} to ${max} characters`),
  },
  maxLength: { base: 'string', keywords: ([max]) => ({ maxLength: max }), check: (v: string, [max]) => validators.maxLength(v, max as number), message: ([max]) => `must be at most ${max} characters` },
  minLength: { base: 'string', keywords: ([min]) => ({ minLength: min }), check: (v: string, [min]) => validators.minLength(v, min as number), message: ([min]) => `must be at least ${min} characters` },
  matches: {
    base: 'string',
    keywords: ([pattern]) => ({ pattern: patternOf(pattern) }),
    check: (v: string, [pattern, modifiers]) => (modifiers === undefined ? validators.matches(v, pattern as RegExp) : validators.matches(v, pattern as string, modifiers as string)),
    message: () => 'has the wrong format',
  },
  min: { base: 'number', keywords: ([min]) => ({ minimum: min }), check: (v: number, [min]) => validators.min(v, min as number), message: ([min]) => `must be at least ${min}` },
  max: { base: 'number', keywords: ([max]) => ({ maximum: max }), check: (v: number, [max]) => validators.max(v, max as number), message: ([max]) => `must be at most ${max}` },
  arrayMaxSize: {
    keywords: ([max]) => ({ maxItems: max }),
    check: (v: unknown[], [max]) => validators.arrayMaxSize(v, max as number),
    message: ([max]) => `must hold at most ${max} items`,
  },
  arrayMinSize: {
    keywords: ([min]) => ({ minItems: min }),
    check: (v: unknown[], [min]) => validators.arrayMinSize(v, min as number),
    message: ([min]) => `must hold at least ${min} items`,
  },
};

/** Decorators that act on the array itself (the rest, with `each`, on its items). */
const ARRAY_RULES = new Set(['arrayMaxSize', 'arrayMinSize']);

function patternOf(pattern: unknown): string {
  if (!(pattern instanceof RegExp) || pattern.flags.replace(/[gy]/g, '') !== '') throw new Error('a @Matches() pattern must be a RegExp without flags to be published as JSON Schema');
  return pattern.source;
}

function fieldSchema(where: string, property: string, metas: ValidationMetadata[], description: string | undefined, fallback: unknown): z.ZodType {
  let optional = false;
  let isArray = false;
  const own: ValidationMetadata[] = [];
  const each: ValidationMetadata[] = [];
  for (const meta of metas) {
    if (meta.groups?.length || meta.always) throw new Error(`${where}: validation groups cannot be stated in a tool input`);
    if (meta.type === 'conditionalValidation' && meta.name === 'isOptional') optional = true;
    else if (meta.type !== 'customValidation' || !meta.name || !(meta.name in RULES || meta.name === 'isArray')) {
      throw new Error(`${where}: @${meta.name ?? meta.type} cannot be stated in a tool input yet (see src/tools/dto-input.ts)`);
    } else if (meta.name === 'isArray') isArray = true;
    else if (meta.each) each.push(meta);
    else own.push(meta);
  }
  if (each.length > 0 && !isArray) throw new Error(`${where}: { each: true } needs @IsArray() in a tool input`);
  if (isArray && own.some((meta) => !ARRAY_RULES.has(meta.name!))) throw new Error(`${where}: an array's own rules must be array rules`);
  let schema = isArray ? withRules(z.array(checked(where, property, each)), property, own, description) : checked(where, property, own, description);
  if (fallback !== undefined) return schema.default(fallback as never);
  if (optional) schema = schema.optional();
  return schema;
}

/** A value (a field, or an array's item) checked by every rule given, on the one base type they imply. */
function checked(where: string, property: string, metas: ValidationMetadata[], description?: string): z.ZodType {
  const bases = new Set(metas.map((meta) => RULES[meta.name!].base).filter((base) => base !== undefined));
  if (bases.size !== 1) throw new Error(`${where}: a tool input field needs exactly one type (has ${[...bases].join(', ') || 'none'})`);
  const [base] = bases;
  if (base === 'enum') {
    const values = metas.find((meta) => meta.name === 'isIn')!.constraints[0] as unknown[];
    if (!values.every((value) => typeof value === 'string')) throw new Error(`${where}: @IsIn() takes strings in a tool input`);
    const rest = metas.filter((meta) => meta.name !== 'isIn');
    return withRules(z.enum(values as [string, ...string[]]), property, rest, description);
  }
  const start = base === 'string' ? z.string() : base === 'number' ? z.number() : z.boolean();
  return withRules(start, property, metas, description);
}

/** Each rule as a refinement calling class-validator's function; its JSON Schema keywords published beside. */
function withRules(start: z.ZodType, property: string, metas: ValidationMetadata[], description?: string): z.ZodType {
  let schema = start;
  let keywords: Keywords = description ? { description } : {};
  for (const meta of metas) {
    const rule = RULES[meta.name!];
    const constraints = meta.constraints ?? [];
    try {
      keywords = { ...keywords, ...rule.keywords(constraints) };
    } catch (error) {
      throw new Error(`${property}: ${(error as Error).message}`, { cause: error });
    }
    const message = typeof meta.message === 'string' ? withoutProperty(meta.message, property) : rule.message(constraints);
    schema = schema.refine((value) => rule.check(value as never, constraints), { message });
  }
  return Object.keys(keywords).length > 0 ? schema.meta(keywords) : schema;
}

/** A DTO's message names its property ("id must be …"); a tool's error names the field beside it. */
function withoutProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
