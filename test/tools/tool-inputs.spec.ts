import 'reflect-metadata';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { z } from 'zod';
import { toolInput, toolInputOrigin } from '../../src/tools/dto-input';
import { AgentTool, type AgentToolDefinition } from '../../src/tools/tool-definition';

/**
 * One definition per input (issue 21): every agent tool's input is derived from a named class-validator DTO,
 * the one its REST route validates with, and accepts and refuses what that DTO does.
 */

const SRC = join(__dirname, '..', '..', 'src');

function toolFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return toolFiles(path);
    return name.endsWith('.tool.ts') ? [path] : [];
  });
}

/** Every @AgentTool() class of src/, found by file name so that a new tool is held to this without a list. */
function allTools(): Array<{ file: string; tool: AgentToolDefinition }> {
  const found: Array<{ file: string; tool: AgentToolDefinition }> = [];
  for (const file of toolFiles(SRC)) {
    // Found at run time (jest runs without ES module support, so `import()` is not available here).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const value of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof value !== 'function' || Reflect.getMetadata(AgentTool.KEY, value) === undefined) continue;
      // Tools only keep their dependencies; their name, schemas and texts are fields.
      found.push({ file: relative(SRC, file), tool: new (value as new () => AgentToolDefinition)() });
    }
  }
  return found;
}

type Json = Record<string, unknown>;

function jsonSchemaOf(field: z.ZodType): Json {
  return z.toJSONSchema(field, { io: 'input' }) as Json;
}

const UUID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

/** Values worth trying on a field: edges of its published limits and the usual wrong types and shapes. */
function probes(schema: Json): unknown[] {
  const values: unknown[] = [undefined, null, 7, 0, -1, 1.5, true, 'true', '', ' ', '  \n', 'a', 'a,b', 'a\nb', 'x'.repeat(51), [], ['a'], ['a,b'], [1], [''], {}];
  values.push(UUID, UUID.toUpperCase(), '00000000-0000-0000-0000-000000000000', '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e', 'not-an-id', 'g'.repeat(32), '😀', '\u00e9');
  const numbers = [schema.minimum, schema.maximum].filter((n): n is number => typeof n === 'number');
  for (const n of numbers) values.push(n - 1, n, n + 1);
  const lengths = [schema.minLength, schema.maxLength].filter((n): n is number => typeof n === 'number');
  for (const n of lengths) values.push('a'.repeat(Math.max(0, n - 1)), 'a'.repeat(n), 'a'.repeat(n + 1), '😀'.repeat(n), ' '.repeat(n));
  if (Array.isArray(schema.enum)) values.push(...schema.enum, 'nope', String(schema.enum[0]).toUpperCase());
  if (typeof schema.maxItems === 'number') {
    for (const item of ['tag', 'a,b', 'x'.repeat(50), 7]) {
      values.push(Array(schema.maxItems).fill(item), Array(schema.maxItems + 1).fill(item));
    }
  }
  return values;
}

const isNumberField = (schema: Json) => schema.type === 'integer' || schema.type === 'number';

/** REST's verdict on one property: the global pipe's class-transformer pass, then class-validator. */
function restAccepts(dto: Type<object>, property: string, value: unknown): boolean {
  const body = value === undefined ? {} : { [property]: value };
  const errors = validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true });
  return !errors.some((error) => error.property === property);
}

describe('tool inputs: one definition, the REST DTO', () => {
  const tools = allTools();

  it('finds every tool of the application', () => {
    expect(tools.length).toBeGreaterThanOrEqual(13);
    expect(tools.map(({ tool }) => tool.name)).toEqual(expect.arrayContaining(['create_enhanced_note', 'search_note_pages', 'update_note_page', 'get_account']));
  });

  it("derives every tool's input from a named DTO (no hand-written zod input)", () => {
    const handWritten = tools.filter(({ tool }) => toolInputOrigin(tool.input) === undefined).map(({ file, tool }) => `${tool.name} (${file})`);
    expect(handWritten).toEqual([]);
  });

  it('accepts and refuses, field by field, exactly what the DTO does on REST', () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const { tool } of tools) {
      const { dto, rename } = toolInputOrigin(tool.input)!;
      const propertyOf = new Map(Object.entries(rename).map(([property, field]) => [field, property]));
      for (const [field, schema] of Object.entries(tool.input.shape as Record<string, z.ZodType>)) {
        const property = propertyOf.get(field) ?? field;
        const published = jsonSchemaOf(schema);
        for (const value of probes(published)) {
          // REST converts a query string to a number first ("10", and `true` to 1); tool arguments are typed JSON.
          if (isNumberField(published) && (typeof value === 'string' || typeof value === 'boolean')) continue;
          const toolVerdict = schema.safeParse(value).success;
          if (value === null && schema.safeParse(undefined).success) {
            // @IsOptional() lets null through on REST; a tool leaves an optional argument out instead.
            if (toolVerdict) disagreements.push(`${tool.name}.${field} accepts null`);
            continue;
          }
          compared += 1;
          const restVerdict = restAccepts(dto, property, value);
          if (toolVerdict !== restVerdict) {
            disagreements.push(`${tool.name}.${field} = ${JSON.stringify(value)?.slice(0, 40)}: tool ${toolVerdict ? 'accepts' : 'refuses'}, ${dto.name}.${property} ${restVerdict ? 'accepts' : 'refuses'}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  it("publishes the limits Swagger states for the same DTO fields (Swagger stays true to the validators)", () => {
    const KEYWORDS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'maxItems', 'minItems', 'enum', 'format', 'default'];
    const mismatches: string[] = [];
    for (const { tool } of tools) {
      const { dto, rename } = toolInputOrigin(tool.input)!;
      for (const [property, field] of Object.keys(tool.input.shape).map((f) => [Object.keys(rename).find((p) => rename[p] === f) ?? f, f])) {
        const swagger = (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, property) ?? {}) as Json;
        const published = jsonSchemaOf(tool.input.shape[field] as z.ZodType);
        for (const keyword of KEYWORDS) {
          if (swagger[keyword] === undefined) continue;
          if (JSON.stringify(swagger[keyword]) !== JSON.stringify(published[keyword])) {
            mismatches.push(`${dto.name}.${property}.${keyword}: Swagger ${JSON.stringify(swagger[keyword])}, validators ${JSON.stringify(published[keyword])}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('names the renamed field, not the DTO property, in its messages', () => {
    const read = tools.find(({ tool }) => tool.name === 'read_note_page')!.tool;
    const result = read.input.strict().safeParse({ pageId: 'abc' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['pageId', 'must be a Notion page id (32 hexadecimal digits, with or without dashes)'],
    ]);
  });

  it('refuses a DTO whose rules it cannot state, and renames or descriptions of fields that are not there', () => {
    class WithEmail {
      @IsEmail()
      email: string;
    }
    class Plain {
      @ApiProperty({ description: 'A name' })
      @IsOptional()
      @IsString()
      @MaxLength(10)
      name?: string;
    }
    expect(() => toolInput(WithEmail)).toThrow(/@isEmail cannot be stated in a tool input/);
    expect(() => toolInput(Plain, { rename: { nope: 'x' } as never })).toThrow(/no validated property nope/);
    expect(() => toolInput(Plain, { describe: { nope: 'x' } as never })).toThrow(/no field nope/);
    const input = toolInput(Plain, { rename: { name: 'displayName' } });
    expect(jsonSchemaOf(input)).toMatchObject({ properties: { displayName: { type: 'string', maxLength: 10, description: 'A name' } } });
    expect(toolInputOrigin(input)).toEqual({ dto: Plain, rename: { name: 'displayName' } });
    expect(toolInputOrigin(z.object({}))).toBeUndefined();
  });
});
