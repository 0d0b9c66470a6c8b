import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  OnNode,
  OperationNodeTransformer,
  OperatorNode,
  ReferenceNode,
  type QueryId,
  type RawNode,
  TableNode,
  ValueNode,
  WhereNode,
  type DeleteQueryNode,
  type JoinNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SelectQueryNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely'

/**
 * On Citus, adds `force_id = <the transaction's force>` to every distributed table a force-scoped query reads,
 * updates or deletes from, so the coordinator routes the query to the one shard holding that force.
 *
 * Row-level security already confines every such query to the force, but Citus applies a policy on the shards,
 * after it has chosen them: a query that relies on the policy alone goes to every shard (and `for update` across
 * shards is refused). The condition added here admits exactly the rows the policy admits, so results do not
 * change; it only tells the coordinator where to look. Queries written as raw SQL are not rewritten (they still
 * run, on every shard, confined by the policy), except that the transaction's force, written in them as
 * `current_setting('tally.force_id'[, true])::integer`, is replaced by its value: Citus routes by constants only,
 * so a raw statement that names the force on every table it reads runs whole on the force's shard (a statement
 * Citus cannot split across shards, such as the person search, needs this).
 *
 * Used only on Citus (see TallyDatabase.withForce); on PGlite and plain PostgreSQL queries are sent as written.
 */
export class ForceRoutingPlugin implements KyselyPlugin {
  private readonly transformer: ForceRoutingTransformer

  constructor(forceId: number, distributedTables: ReadonlySet<string>) {
    this.transformer = new ForceRoutingTransformer(forceId, distributedTables)
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId)
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }
}

/** How raw SQL names the transaction's force (the setting withForce makes; the policies check it). */
const CURRENT_FORCE = /current_setting\('tally\.force_id'(?:, true)?\)::integer/g

class ForceRoutingTransformer extends OperationNodeTransformer {
  constructor(
    private readonly forceId: number,
    private readonly distributedTables: ReadonlySet<string>,
  ) {
    super()
  }

  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    const transformed = super.transformSelectQuery(node)
    return {
      ...transformed,
      where: this.withConditions(transformed.where, transformed.from?.froms ?? []),
      ...(transformed.joins ? { joins: transformed.joins.map((join) => this.scopeJoin(join)) } : {}),
    }
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    const transformed = super.transformUpdateQuery(node)
    const tables = [...(transformed.table ? [transformed.table] : []), ...(transformed.from?.froms ?? [])]
    return {
      ...transformed,
      where: this.withConditions(transformed.where, tables),
      ...(transformed.joins ? { joins: transformed.joins.map((join) => this.scopeJoin(join)) } : {}),
    }
  }

  protected override transformDeleteQuery(node: DeleteQueryNode): DeleteQueryNode {
    const transformed = super.transformDeleteQuery(node)
    const tables = [...transformed.from.froms, ...(transformed.using?.tables ?? [])]
    return {
      ...transformed,
      where: this.withConditions(transformed.where, tables),
      ...(transformed.joins ? { joins: transformed.joins.map((join) => this.scopeJoin(join)) } : {}),
    }
  }

  protected override transformRaw(node: RawNode, queryId?: QueryId): RawNode {
    const transformed = super.transformRaw(node, queryId)
    if (!transformed.sqlFragments.some((fragment) => fragment.search(CURRENT_FORCE) >= 0)) {
      return transformed
    }
    // forceId is a whole number (withForce checks it), so it is written as a literal.
    const sqlFragments = transformed.sqlFragments.map((fragment) =>
      fragment.replaceAll(CURRENT_FORCE, String(this.forceId)),
    )
    return { ...transformed, sqlFragments: Object.freeze(sqlFragments) }
  }

  /** A joined table gets its condition in the join's `on`, so an outer join keeps its meaning. */
  private scopeJoin(join: JoinNode): JoinNode {
    const condition = this.conditionFor(join.table)
    if (!condition || !join.on) {
      return join
    }
    return { ...join, on: OnNode.create(AndNode.create(join.on.on, condition)) }
  }

  private withConditions(where: WhereNode | undefined, tables: readonly OperationNode[]): WhereNode | undefined {
    let result = where
    for (const table of tables) {
      const condition = this.conditionFor(table)
      if (condition) {
        result = result ? WhereNode.cloneWithOperation(result, 'And', condition) : WhereNode.create(condition)
      }
    }
    return result
  }

  /** `<name or alias>.force_id = $n` for a distributed table; undefined for anything else (a subquery, a CTE). */
  private conditionFor(node: OperationNode): OperationNode | undefined {
    const [table, alias] = AliasNode.is(node) ? [node.node, node.alias] : [node, undefined]
    if (!TableNode.is(table)) {
      return undefined
    }
    const { schema, identifier } = table.table
    if ((schema && schema.name !== 'public') || !this.distributedTables.has(identifier.name)) {
      return undefined
    }
    const qualifier = alias && IdentifierNode.is(alias) ? TableNode.create(alias.name) : table
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create('force_id'), qualifier),
      OperatorNode.create('='),
      ValueNode.create(this.forceId),
    )
  }
}
