/**
 * A subgraph schema as a flat list of the elements governance rules talk
 * about — types, fields, arguments, input fields, enum values — each with its
 * schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`),
 * description, tags and source location. Rules filter this list instead of
 * each walking the AST their own way.
 */
import {
  Kind,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type Location,
  type StringValueNode,
} from 'graphql';

export type ElementKind = 'type' | 'field' | 'argument' | 'inputField' | 'enumValue';

export interface SchemaElement {
  kind: ElementKind;
  /** Schema coordinate, e.g. `Account.contacts(first:)`. */
  coordinate: string;
  name: string;
  /** The type the element belongs to (the type itself for `kind: 'type'`). */
  typeName: string;
  /** The AST kind of the type the element belongs to, e.g. ObjectTypeDefinition. */
  typeKind: string;
  /** `extend type …` carries no description by GraphQL syntax. */
  isExtension: boolean;
  description?: string;
  tags: string[];
  /** Whether a field, argument or input field's type is non-null (`String!`). */
  nonNull?: boolean;
  location?: { line: number; column: number };
}

const TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
]);

export function tagsOf(directives: readonly ConstDirectiveNode[] | undefined): string[] {
  return (directives ?? []).flatMap((d) => {
    if (d.name.value !== 'tag') return [];
    const arg = d.arguments?.find((a) => a.name.value === 'name')?.value;
    return arg?.kind === Kind.STRING ? [arg.value] : [];
  });
}

const at = (loc: Location | undefined) => (loc ? { line: loc.startToken.line, column: loc.startToken.column } : undefined);
const text = (d: StringValueNode | undefined) => d?.value;

interface Named {
  name: { value: string };
  description?: StringValueNode;
  directives?: readonly ConstDirectiveNode[];
  loc?: Location;
  type?: { kind: string };
}

export function schemaElements(doc: DocumentNode): SchemaElement[] {
  return doc.definitions.filter((d) => TYPE_KINDS.has(d.kind)).flatMap((def) => typeElements(def as DefinitionNode & Named));
}

function typeElements(def: DefinitionNode & Named): SchemaElement[] {
  const typeName = def.name.value;
  const isExtension = def.kind.endsWith('Extension');
  const element = (kind: ElementKind, coordinate: string, node: Named): SchemaElement => ({
    kind,
    coordinate,
    name: node.name.value,
    typeName,
    typeKind: def.kind,
    isExtension,
    description: text(node.description),
    tags: tagsOf(node.directives),
    ...(node.type ? { nonNull: node.type.kind === Kind.NON_NULL_TYPE } : {}),
    location: at(node.loc),
  });
  const withFields = def as { fields?: readonly (FieldDefinitionNode | InputValueDefinitionNode)[]; values?: readonly EnumValueDefinitionNode[] };
  const isInput = def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION;
  return [
    element('type', typeName, def),
    ...(withFields.fields ?? []).flatMap((field) => {
      const coordinate = `${typeName}.${field.name.value}`;
      if (isInput) return [element('inputField', coordinate, field)];
      const args = (field as FieldDefinitionNode).arguments ?? [];
      return [element('field', coordinate, field), ...args.map((arg) => element('argument', `${coordinate}(${arg.name.value}:)`, arg))];
    }),
    ...(withFields.values ?? []).map((value) => element('enumValue', `${typeName}.${value.name.value}`, value)),
  ];
}

/** The words of an identifier: `dateOfBirth` → date, of, birth; `ip_address` → ip, address. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
