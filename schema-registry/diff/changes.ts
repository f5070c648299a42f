/**
 * What changes for clients between two API schemas. Detection is graphql's
 * own (`findBreakingChanges`, `findDangerousChanges`); this module adds what
 * a registry needs on top: the schema coordinate of each change, which usage
 * it touches, our classification (breaking / dangerous / safe), and the safe
 * changes graphql does not report (additions, deprecations, tightened
 * output types). Pure.
 *
 * graphql describes changes only in prose, so each change type has a
 * template below that reads the names back out of it; a template that stops
 * matching (a graphql upgrade) leaves the change without coordinate, which
 * the usage check treats as "used" — it fails closed.
 */
import {
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

export type ChangeClass = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  /** graphql's change type (e.g. FIELD_REMOVED), or ours for safe changes (FIELD_ADDED, …). */
  kind: string;
  classification: ChangeClass;
  description: string;
  coordinate?: string;
  /**
   * The usage that breaks: exact coordinates, or whole types (any coordinate
   * of the type). Null when not known, which counts as used.
   */
  affects: { coordinates: string[]; types: string[] } | null;
  /** Coordinate whose deprecation, held long enough, excuses the change. */
  deprecatable?: string;
}

type Read = (m: RegExpExecArray) => Pick<SchemaChange, 'coordinate' | 'affects' | 'deprecatable'>;
interface Template {
  pattern: RegExp;
  classification: ChangeClass;
  read: Read;
}

const exact = (coordinate: string, deprecatable = false): ReturnType<Read> => ({ coordinate, affects: { coordinates: [coordinate], types: [] }, ...(deprecatable ? { deprecatable: coordinate } : {}) });
const wholeType = (coordinate: string, type: string): ReturnType<Read> => ({ coordinate, affects: { coordinates: [], types: [type] } });
const unused = (coordinate: string): ReturnType<Read> => ({ coordinate, affects: { coordinates: [], types: [] } });

/** graphql change type → how to read its description, and how we classify it. */
const TEMPLATES: Record<string, Template> = {
  TYPE_REMOVED: { pattern: /^(?:Standard scalar )?(\w+) was removed/, classification: 'breaking', read: (m) => wholeType(m[1], m[1]) },
  TYPE_CHANGED_KIND: { pattern: /^(\w+) changed from /, classification: 'breaking', read: (m) => wholeType(m[1], m[1]) },
  // Operations break where they spread a fragment on the removed member.
  TYPE_REMOVED_FROM_UNION: { pattern: /^(\w+) was removed from union type (\w+)\.$/, classification: 'breaking', read: (m) => wholeType(`${m[2]}`, m[1]) },
  VALUE_REMOVED_FROM_ENUM: { pattern: /^(\w+) was removed from enum type (\w+)\.$/, classification: 'breaking', read: (m) => exact(`${m[2]}.${m[1]}`, true) },
  REQUIRED_INPUT_FIELD_ADDED: { pattern: /^A required field (\w+) on input type (\w+) was added\.$/, classification: 'breaking', read: (m) => wholeType(`${m[2]}.${m[1]}`, m[2]) },
  IMPLEMENTED_INTERFACE_REMOVED: { pattern: /^(\w+) no longer implements interface (\w+)\.$/, classification: 'breaking', read: (m) => wholeType(m[1], m[1]) },
  FIELD_REMOVED: { pattern: /^(\w+)\.(\w+) was removed\.$/, classification: 'breaking', read: (m) => exact(`${m[1]}.${m[2]}`, true) },
  FIELD_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) changed type from /, classification: 'breaking', read: (m) => exact(`${m[1]}.${m[2]}`) },
  // Every operation selecting the field lacks the new argument.
  REQUIRED_ARG_ADDED: { pattern: /^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, classification: 'breaking', read: (m) => ({ coordinate: `${m[2]}.${m[3]}(${m[1]}:)`, affects: { coordinates: [`${m[2]}.${m[3]}`], types: [] } }) },
  ARG_REMOVED: { pattern: /^(\w+)\.(\w+) arg (\w+) was removed\.$/, classification: 'breaking', read: (m) => exact(`${m[1]}.${m[2]}(${m[3]}:)`, true) },
  ARG_CHANGED_KIND: { pattern: /^(\w+)\.(\w+) arg (\w+) has changed type from /, classification: 'breaking', read: (m) => exact(`${m[1]}.${m[2]}(${m[3]}:)`) },
  DIRECTIVE_REMOVED: { pattern: /^(\w+) was removed\.$/, classification: 'breaking', read: (m) => exact(`@${m[1]}`) },
  DIRECTIVE_ARG_REMOVED: { pattern: /^(\w+) was removed from (\w+)\.$/, classification: 'breaking', read: (m) => exact(`@${m[2]}`) },
  REQUIRED_DIRECTIVE_ARG_ADDED: { pattern: /^A required arg (\w+) on directive (\w+) was added\.$/, classification: 'breaking', read: (m) => exact(`@${m[2]}`) },
  DIRECTIVE_REPEATABLE_REMOVED: { pattern: /^Repeatable flag was removed from (\w+)\.$/, classification: 'breaking', read: (m) => exact(`@${m[1]}`) },
  DIRECTIVE_LOCATION_REMOVED: { pattern: /^(\w+) was removed from (\w+)\.$/, classification: 'breaking', read: (m) => exact(`@${m[2]}`) },
  // Clients may meet a value (or type) their code does not handle.
  VALUE_ADDED_TO_ENUM: { pattern: /^(\w+) was added to enum type (\w+)\.$/, classification: 'dangerous', read: (m) => unused(`${m[2]}.${m[1]}`) },
  TYPE_ADDED_TO_UNION: { pattern: /^(\w+) was added to union type (\w+)\.$/, classification: 'dangerous', read: (m) => unused(m[2]) },
  IMPLEMENTED_INTERFACE_ADDED: { pattern: /^(\w+) added to interfaces implemented by (\w+)\.$/, classification: 'dangerous', read: (m) => unused(m[2]) },
  // Operations that leave the argument out now get a different default.
  ARG_DEFAULT_VALUE_CHANGE: { pattern: /^(\w+)\.(\w+) arg (\w+) (?:defaultValue was removed|has changed defaultValue)/, classification: 'dangerous', read: (m) => ({ coordinate: `${m[1]}.${m[2]}(${m[3]}:)`, affects: { coordinates: [`${m[1]}.${m[2]}`], types: [] } }) },
  // graphql calls these dangerous; no existing operation sends them, so for clients they are safe.
  OPTIONAL_INPUT_FIELD_ADDED: { pattern: /^An optional field (\w+) on input type (\w+) was added\.$/, classification: 'safe', read: (m) => unused(`${m[2]}.${m[1]}`) },
  OPTIONAL_ARG_ADDED: { pattern: /^An optional arg (\w+) on (\w+)\.(\w+) was added\.$/, classification: 'safe', read: (m) => unused(`${m[2]}.${m[3]}(${m[1]}:)`) },
};

function fromGraphql(type: string, description: string, fallback: ChangeClass): SchemaChange {
  const template = TEMPLATES[type];
  const match = template?.pattern.exec(description);
  if (!template || !match) return { kind: type, classification: fallback, description, affects: null };
  return { kind: type, classification: template.classification, description, ...template.read(match) };
}

const userTypes = (schema: GraphQLSchema) => Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t));
const fieldsOf = (t: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> => (isObjectType(t) || isInterfaceType(t) ? t.getFields() : {});

/** Safe changes graphql does not report: what was added, deprecated, or tightened. */
function safeChanges(before: GraphQLSchema, after: GraphQLSchema, reported: Set<string>): SchemaChange[] {
  const out: SchemaChange[] = [];
  const safe = (kind: string, coordinate: string, description: string) => out.push({ kind, classification: 'safe', description, coordinate, affects: { coordinates: [], types: [] } });
  for (const type of userTypes(after)) {
    const old = before.getType(type.name);
    if (!old) {
      safe('TYPE_ADDED', type.name, `${type.name} was added.`);
      continue;
    }
    const oldFields = fieldsOf(old);
    for (const field of Object.values(fieldsOf(type))) {
      const coordinate = `${type.name}.${field.name}`;
      const was = oldFields[field.name];
      if (!was) safe('FIELD_ADDED', coordinate, `${coordinate} was added.`);
      else {
        if (String(was.type) !== String(field.type) && !reported.has(coordinate)) safe('FIELD_TYPE_TIGHTENED', coordinate, `${coordinate} changed type from ${was.type} to ${field.type}, which existing clients can read.`);
        if (field.deprecationReason != null && was.deprecationReason == null) safe('FIELD_DEPRECATED', coordinate, `${coordinate} was deprecated: ${field.deprecationReason}`);
      }
    }
    if (isEnumType(type) && isEnumType(old)) {
      for (const value of type.getValues()) {
        const was = old.getValue(value.name);
        if (was && value.deprecationReason != null && was.deprecationReason == null) safe('ENUM_VALUE_DEPRECATED', `${type.name}.${value.name}`, `${type.name}.${value.name} was deprecated: ${value.deprecationReason}`);
      }
    }
    if (isInputObjectType(type) && isInputObjectType(old)) {
      const oldInput = old.getFields();
      for (const field of Object.values(type.getFields())) {
        const was = oldInput[field.name];
        if (was && field.deprecationReason != null && was.deprecationReason == null) safe('INPUT_FIELD_DEPRECATED', `${type.name}.${field.name}`, `${type.name}.${field.name} was deprecated: ${field.deprecationReason}`);
      }
    }
  }
  return out;
}

export function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): SchemaChange[] {
  const detected = [
    ...findBreakingChanges(before, after).map((c) => fromGraphql(c.type, c.description, 'breaking')),
    ...findDangerousChanges(before, after).map((c) => fromGraphql(c.type, c.description, 'dangerous')),
  ];
  const reported = new Set(detected.flatMap((c) => (c.coordinate ? [c.coordinate] : [])));
  return [...detected, ...safeChanges(before, after, reported)];
}

/** Does a usage coordinate fall under what a change affects? */
export function touches(affects: NonNullable<SchemaChange['affects']>, coordinate: string): boolean {
  if (affects.coordinates.includes(coordinate)) return true;
  return affects.types.some((t) => coordinate === t || coordinate.startsWith(`${t}.`));
}

/** The types whose usage must be read to judge a change. */
export const typesOf = (affects: NonNullable<SchemaChange['affects']>) => [...new Set([...affects.types, ...affects.coordinates.map((c) => c.split('.')[0])])];
