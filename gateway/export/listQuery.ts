/**
 * A GraphQL query asked for as CSV or NDJSON (`Accept: text/csv` on
 * /graphql): its single root field must be a list that pages by
 * `first`/`after` over an `id` (every kit list), or a connection, whose
 * `nodes` are the rows. The query is rewritten into the walk of every page
 * (pages.ts): the caller's arguments kept, `first`/`after` driven by the
 * export, and what the walk needs to go on selected under aliases of its own
 * (the last id; `pageInfo`), which never reach the file. Anything else is a
 * 406 that says what can be exported. Pure.
 */
import {
  getNamedType, getNullableType, isLeafType, isListType, isObjectType, Kind, parse, print, validate, visit,
  type ArgumentNode, type DefinitionNode, type DocumentNode, type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode,
} from 'graphql';
import { HttpError } from '../../platform/http.ts';
import type { GraphQLParams } from '../pipeline/plugin.ts';
import type { Column } from './columns.ts';
import type { ExportFormat } from './format.ts';
import type { PageWalk, Row } from './pages.ts';

export interface ListQuery {
  /** The root field's response key: the file's name. */
  name: string;
  walk: PageWalk;
  /** The row's columns in selection order (nested objects as `a.b`). */
  columns: Column[];
}

const FIRST = 'dpgExportFirst';
const AFTER = 'dpgExportAfter';
const LAST_ID = 'dpgExportId';
const PAGE = 'dpgExportPage';

const notAcceptable = (why: string) =>
  new HttpError(406, `${why}. CSV and NDJSON answer a query whose single root field is a list that pages by first/after (e.g. { contacts(filter: { region: EMEA }) { id email } }) or a connection's nodes; ask for application/json otherwise`, { code: 'NOT_ACCEPTABLE' });

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const field = (fieldName: string, alias?: string, selections?: readonly SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  ...(alias ? { alias: name(alias) } : {}),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});
const variableArgument = (argument: string, variable: string): ArgumentNode => ({ kind: Kind.ARGUMENT, name: name(argument), value: { kind: Kind.VARIABLE, name: name(variable) } });
const variableDefinition = (variable: string, type: string): VariableDefinitionNode => ({
  kind: Kind.VARIABLE_DEFINITION,
  variable: { kind: Kind.VARIABLE, name: name(variable) },
  type: (parse(`query($v: ${type}) { __typename }`).definitions[0] as OperationDefinitionNode).variableDefinitions![0].type,
});

export function listQuery(schema: GraphQLSchema, params: GraphQLParams, format: ExportFormat): ListQuery {
  if (!params.query) throw new HttpError(400, 'send a "query" to export', { code: 'BAD_REQUEST' });
  let document: DocumentNode;
  try {
    document = parse(params.query);
  } catch (err) {
    throw new HttpError(400, (err as Error).message, { code: 'GRAPHQL_PARSE_FAILED' });
  }
  const invalid = validate(schema, document);
  if (invalid.length) throw new HttpError(400, invalid[0].message, { code: 'GRAPHQL_VALIDATION_FAILED' });
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = params.operationName ? operations.find((o) => o.name?.value === params.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) throw new HttpError(400, params.operationName ? `no operation named "${params.operationName}"` : 'the document holds several operations: name one in "operationName"', { code: 'BAD_REQUEST' });
  if (operation.operation !== 'query') throw notAcceptable(`a ${operation.operation} is not a list`);
  const roots = operation.selectionSet.selections;
  if (roots.length !== 1 || roots[0].kind !== Kind.FIELD) throw notAcceptable(`the query selects ${roots.length} root selections, or a fragment`);
  const root = roots[0];
  const def = schema.getQueryType()!.getFields()[root.name.value];
  const paging = def && ['first', 'after'].every((a) => def.args.some((d) => d.name === a));
  if (!def || !paging) throw notAcceptable(`${root.name.value} does not page by first/after`);
  const key = root.alias?.value ?? root.name.value;
  const kept = (root.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'after');
  const args = [...kept, variableArgument('first', FIRST), variableArgument('after', AFTER)];

  const list = listShape(def);
  const connection = !list ? connectionShape(def) : undefined;
  let rewritten: FieldNode;
  let element: GraphQLObjectType;
  let rowSelections: readonly SelectionNode[];
  let page: PageWalk['page'];
  if (list) {
    element = list;
    rowSelections = root.selectionSet!.selections;
    rewritten = { ...root, arguments: args, selectionSet: { kind: Kind.SELECTION_SET, selections: [...rowSelections, field('id', LAST_ID)] } };
    page = (data, pageSize) => {
      const rows = rowsAt(data, key);
      const next = rows.length < pageSize ? undefined : rows[rows.length - 1][LAST_ID];
      return { rows: rows.map(({ [LAST_ID]: _id, ...row }) => row), next };
    };
  } else if (connection) {
    element = connection;
    const nodes = root.selectionSet!.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'nodes');
    if (!nodes) throw notAcceptable(`the query selects no nodes of ${root.name.value}`);
    const nodesKey = nodes.alias?.value ?? 'nodes';
    rowSelections = nodes.selectionSet!.selections;
    rewritten = { ...root, arguments: args, selectionSet: { kind: Kind.SELECTION_SET, selections: [nodes, field('pageInfo', PAGE, [field('endCursor'), field('hasNextPage')])] } };
    page = (data) => {
      const value = data?.[key] as Record<string, unknown> | null | undefined;
      const info = value?.[PAGE] as { endCursor: string | null; hasNextPage: boolean } | undefined;
      return { rows: rowsAt(value, nodesKey), next: info?.hasNextPage ? info.endCursor : undefined };
    };
  } else {
    throw notAcceptable(`${root.name.value} is neither a list of objects with an id nor a connection`);
  }

  const columns = columnsOf(element, rowSelections, []);
  if (!columns && format === 'csv') throw notAcceptable('fragments in the selection cannot be laid out as CSV columns: list the fields, or ask for application/x-ndjson');
  const query = print(usedOnly({
    ...document,
    definitions: document.definitions.map((d): DefinitionNode =>
      d === operation
        ? {
            ...operation,
            variableDefinitions: [...(operation.variableDefinitions ?? []), variableDefinition(FIRST, String(def.args.find((a) => a.name === 'first')!.type)), variableDefinition(AFTER, String(def.args.find((a) => a.name === 'after')!.type))],
            selectionSet: { kind: Kind.SELECTION_SET, selections: [rewritten] },
          }
        : d,
    ),
  }));
  const variables = Object.fromEntries(Object.entries(params.variables).filter(([v]) => v !== FIRST && v !== AFTER));
  return { name: key, columns: columns ?? [], walk: { query, operationName: operation.name?.value ?? '', variables, firstVariable: FIRST, afterVariable: AFTER, page } };
}

function rowsAt(value: Record<string, unknown> | null | undefined, key: string): Row[] {
  const rows = value?.[key];
  if (!Array.isArray(rows)) throw new HttpError(502, `the export stopped: no rows for "${key}"`, { code: 'EXPORT_FAILED' });
  return rows as Row[];
}

function listShape(def: GraphQLField<unknown, unknown>): GraphQLObjectType | undefined {
  const element = getNamedType(def.type);
  return isListType(getNullableType(def.type)) && isObjectType(element) && element.getFields().id ? element : undefined;
}

function connectionShape(def: GraphQLField<unknown, unknown>): GraphQLObjectType | undefined {
  const type = getNamedType(def.type);
  if (!isObjectType(type) || isListType(getNullableType(def.type)) || !type.getFields().pageInfo) return undefined;
  const nodes = type.getFields().nodes;
  const element = nodes && getNamedType(nodes.type);
  return nodes && isListType(getNullableType(nodes.type)) && isObjectType(element) ? element : undefined;
}

/**
 * The columns of the selected fields, nested objects flattened as `a.b`;
 * undefined when a fragment makes the layout depend on the data. A nested
 * column reads the relations that lead to it as well as its own field.
 */
function columnsOf(type: GraphQLObjectType, selections: readonly SelectionNode[], path: string[], via: string[] = []): Column[] | undefined {
  const columns: Column[] = [];
  for (const s of selections) {
    if (s.kind !== Kind.FIELD) return undefined;
    const key = s.alias?.value ?? s.name.value;
    const def = s.name.value === '__typename' ? undefined : type.getFields()[s.name.value];
    const named = def && getNamedType(def.type);
    if (s.selectionSet && isObjectType(named) && !isListType(getNullableType(def!.type))) {
      const nested = columnsOf(named, s.selectionSet.selections, [...path, key], [...via, `${type.name}.${def!.name}`]);
      if (!nested) return undefined;
      columns.push(...nested);
    } else {
      // Leaves; lists of objects go in one cell, as JSON.
      columns.push({ name: [...path, key].join('.'), path: [...path, key], type: def ? String(def.type) : 'String!', description: def?.description ?? null, reads: def ? [...via, `${type.name}.${def.name}`] : via });
    }
  }
  return columns;
}

/** The document without the variable definitions and fragments the rewrite left unused (validation refuses those). */
function usedOnly(document: DocumentNode): DocumentNode {
  const variables = new Set<string>();
  const spreads = new Set<string>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      VariableDefinition: () => false,
      Variable: (v) => void variables.add(v.name.value),
      FragmentSpread: (f) => void spreads.add(f.name.value),
    });
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.arguments?.some((a) => a.value.kind === Kind.VARIABLE && a.value.name.value === FIRST)))!;
  collect(operation);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  // Fragments used by used fragments, until nothing new turns up.
  for (let before = -1; before !== spreads.size; ) {
    before = spreads.size;
    for (const f of fragments) if (spreads.has(f.name.value)) collect(f);
  }
  return {
    ...document,
    definitions: [
      operation.kind === Kind.OPERATION_DEFINITION ? { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => variables.has(v.variable.name.value)) } : operation,
      ...fragments.filter((f) => spreads.has(f.name.value)),
    ],
  };
}
