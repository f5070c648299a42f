/**
 * Federated tracing (ftv1): when a caller sends
 * `apollo-federation-include-trace: ftv1` — Apollo Router, Apollo's gateway,
 * our own gateway with SUBGRAPH_TRACES on — the response carries, in
 * `extensions.ftv1`, a base64 protobuf `Trace` with one node per resolved
 * field and its start and end, in nanoseconds from the start of the request.
 *
 * The kit runs graphql's `execute` itself, so it times fields the way Apollo
 * Server's inline-trace plugin does: every field resolver of the served
 * schema is wrapped once at start, and a wrapper records timings only for
 * requests that asked (a context with a trace), so untraced requests pay one
 * map look-up per field. A field whose value waits for a batched load ends
 * when the batch has answered, so its end comes after every sibling's start.
 */
import { Trace, google } from '@apollo/usage-reporting-protobuf';
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema, type ResponsePath } from 'graphql';

export const TRACE_HEADER = 'apollo-federation-include-trace';

/** Whether the request asked for a federated trace. */
export const traceRequested = (headers: Record<string, string | string[] | undefined>): boolean => headers[TRACE_HEADER] === 'ftv1';

const active = new WeakMap<object, TraceBuilder>();
const wrapped = new WeakSet<GraphQLFieldResolver<unknown, unknown>>();

/**
 * Wraps every field resolver of `schema` (in place) so that requests traced
 * with `startTrace` record their timings. Safe to call on schemas that share
 * resolvers: a resolver is wrapped once.
 */
export function instrumentSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      if (wrapped.has(resolve)) continue;
      const timed: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const trace = context && typeof context === 'object' ? active.get(context) : undefined;
        if (!trace) return resolve(source, args, context, info);
        const node = trace.enter(info);
        try {
          const result = resolve(source, args, context, info);
          if (result instanceof Promise) {
            return result.then(
              (value) => (trace.leave(node), value),
              (err) => (trace.leave(node, err), Promise.reject(err)),
            );
          }
          trace.leave(node);
          return result;
        } catch (err) {
          trace.leave(node, err);
          throw err;
        }
      };
      wrapped.add(timed);
      field.resolve = timed;
    }
  }
  return schema;
}

/** Starts tracing the request whose resolvers receive `context`; `finish` gives the `ftv1` value. */
export function startTrace(context: object): TraceBuilder {
  const trace = new TraceBuilder();
  active.set(context, trace);
  return trace;
}

export class TraceBuilder {
  private readonly startHr = process.hrtime.bigint();
  private readonly startTime = new Date();
  private readonly root = new Trace.Node();
  private readonly nodes = new Map<string, Trace.Node>([['', this.root]]);

  private now(): number {
    return Number(process.hrtime.bigint() - this.startHr);
  }

  enter(info: GraphQLResolveInfo): Trace.Node {
    const node = this.nodeAt(info.path);
    node.type = String(info.returnType);
    node.parentType = info.parentType.name;
    if (info.fieldName !== info.path.key) node.originalFieldName = info.fieldName;
    node.startTime = this.now();
    return node;
  }

  leave(node: Trace.Node, err?: unknown): void {
    node.endTime = this.now();
    if (err !== undefined) node.error = [...(node.error ?? []), errorOf(err)];
  }

  /** The node for a response path, with a node per list index above it (as Apollo Server builds them). */
  private nodeAt(path: ResponsePath): Trace.Node {
    const id = pathId(path);
    let node = this.nodes.get(id);
    if (node) return node;
    node = new Trace.Node(typeof path.key === 'number' ? { index: path.key } : { responseName: path.key });
    const parent = path.prev ? this.nodeAt(path.prev) : this.root;
    parent.child = [...(parent.child ?? []), node];
    this.nodes.set(id, node);
    return node;
  }

  /** The encoded trace: `extensions.ftv1` of the response. */
  finish(): string {
    const durationNs = this.now();
    const endTime = new Date(this.startTime.getTime() + Math.round(durationNs / 1e6));
    const trace = new Trace({ startTime: timestamp(this.startTime), endTime: timestamp(endTime), durationNs, root: this.root });
    return Buffer.from(Trace.encode(trace).finish()).toString('base64');
  }
}

/** A decoded `extensions.ftv1` value. */
export const decodeTrace = (ftv1: string): Trace => Trace.decode(Buffer.from(ftv1, 'base64'));

const pathId = (path: ResponsePath): string => (path.prev ? `${pathId(path.prev)}.${path.key}` : String(path.key));

const timestamp = (d: Date) => new google.protobuf.Timestamp({ seconds: Math.floor(d.getTime() / 1000), nanos: (d.getTime() % 1000) * 1e6 });

// Only a GraphQL error's own message travels: anything else is masked by the executor, and so here.
const errorOf = (err: unknown) => new Trace.Error({ message: err instanceof GraphQLError ? err.message : 'internal error', json: '' });
